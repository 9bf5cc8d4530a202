package dev.embeddedservice;

import dev.embeddedservice.internal.DefaultIdentifierNormalizer;

/**
 * Normalizes and hashes identifiers exactly as the client does before sending them (protocol
 * §2), for applications that de-duplicate, join or partition on the wire form themselves (the
 * Spark transformation does). Raw emails and phone numbers come out as SHA-256 digests; the
 * result of normalizing a wire form is that wire form. Thread-safe.
 *
 * <pre>{@code
 * IdentifierNormalizer normalizer = IdentifierNormalizer.create("US");
 * NormalizedIdentifier n = normalizer.normalize(Identifier.email(" Alice@Example.com "));
 * if (n.isValid()) {
 *     String digest = n.value();      // 64 lowercase hex characters, n.type() == EMAIL_SHA256
 * }
 * }</pre>
 */
public interface IdentifierNormalizer {

    /**
     * A normalizer that parses phone numbers in local format as numbers of
     * {@code defaultPhoneRegion} (an ISO 3166 code such as {@code US} or {@code GB}).
     *
     * @throws dev.embeddedservice.exception.InvalidConfigurationException when the region is unknown
     */
    static IdentifierNormalizer create(String defaultPhoneRegion) {
        return DefaultIdentifierNormalizer.create(defaultPhoneRegion);
    }

    /** The identifier's wire form, or why it cannot be sent. Never throws for a bad value. */
    NormalizedIdentifier normalize(Identifier identifier);
}
