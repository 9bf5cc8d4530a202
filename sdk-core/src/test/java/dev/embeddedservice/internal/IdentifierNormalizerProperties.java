package dev.embeddedservice.internal;

import dev.embeddedservice.NormalizedIdentifier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.Identifier;
import dev.embeddedservice.Reference;
import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Normalization (protocol §2) is a function of the identifier, not of how the application wrote
 * it: idempotent on the wire form, and for emails blind to case and surrounding white space.
 */
class IdentifierNormalizerProperties {

    private static final String WHITE_SPACE_TRIM_REMOVES = " \t\n\r\f\u000B";

    private final DefaultIdentifierNormalizer normalizer = new DefaultIdentifierNormalizer("US");

    // ------------------------------------------------------------------ idempotent on the wire form

    @Property(tries = 1000)
    void theWireValueNormalizesToItself(@ForAll("identifiers") Identifier id) {
        NormalizedIdentifier n = normalizer.normalize(id);
        Assume.that(n.isValid());

        Identifier wire = switch (n.type()) {
            case EMAIL_SHA256 -> Identifier.emailSha256(n.value());
            case PHONE_SHA256 -> Identifier.phoneSha256(n.value());
            case MAID -> Identifier.maid(n.value());
            case CUSTOM -> Identifier.custom(n.value());
            case EMAIL, PHONE -> throw new AssertionError("a raw type is never a wire type: " + n.type());
        };
        NormalizedIdentifier again = normalizer.normalize(wire);

        assertThat(again.isValid()).isTrue();
        assertThat(again.type()).isEqualTo(n.type());
        assertThat(again.value()).isEqualTo(n.value());
    }

    @Property(tries = 1000)
    void anEmailsNormalFormIsItsOwnNormalForm(@ForAll("anyEmails") String email) {
        String once = DefaultIdentifierNormalizer.normalizeEmail(email);
        Assume.that(once != null);
        assertThat(DefaultIdentifierNormalizer.normalizeEmail(once)).isEqualTo(once);
    }

    @Property(tries = 300)
    void aPhonesE164FormIsItsOwnE164FormInAnyRegion(@ForAll("phones") String phone) {
        String e164 = normalizer.toE164(phone, "US");
        Assume.that(e164 != null);
        assertThat(e164).matches("\\+[1-9][0-9]{6,14}");
        assertThat(normalizer.toE164(e164, "US")).isEqualTo(e164);
        assertThat(normalizer.toE164(e164, "GB")).isEqualTo(e164);
        assertThat(normalizer.toE164(e164, "JP")).isEqualTo(e164);
    }

    // ------------------------------------------------------------------ what does not matter

    @Property(tries = 1000)
    void emailsAreBlindToCaseAndSurroundingWhiteSpace(@ForAll("asciiEmails") String email,
                                                      @ForAll("caseMasks") long caseMask,
                                                      @ForAll("padding") String before,
                                                      @ForAll("padding") String after) {
        StringBuilder written = new StringBuilder(before);
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            written.append((caseMask >>> (i % 64) & 1) == 1 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        written.append(after);

        NormalizedIdentifier canonical = normalizer.normalize(Identifier.email(email.toLowerCase(Locale.ROOT)));
        NormalizedIdentifier asWritten = normalizer.normalize(Identifier.email(written.toString()));

        assertThat(canonical.isValid()).isTrue();
        assertThat(asWritten).isEqualTo(canonical);
        assertThat(asWritten.value()).isEqualTo(Reference.sha256(email.toLowerCase(Locale.ROOT)));
    }

    @Property(tries = 1000)
    void anyEmailIsBlindToSurroundingWhiteSpace(@ForAll("anyEmails") String email, @ForAll("padding") String before,
                                                @ForAll("padding") String after) {
        String wire = Reference.emailWire(email);
        NormalizedIdentifier padded = normalizer.normalize(Identifier.email(before + email + after));
        if (wire == null) {
            assertThat(padded.isValid()).as("an invalid email stays invalid padded").isFalse();
        } else {
            assertThat(padded.value()).isEqualTo(wire);
        }
    }

    @Property(tries = 300)
    void maidsAndHashesAreBlindToCase(@ForAll("uuids") UUID uuid, @ForAll("hex64") String hex) {
        String maid = uuid.toString();
        Assume.that(!maid.equals("00000000-0000-0000-0000-000000000000"));
        assertThat(normalizer.normalize(Identifier.maid(maid.toUpperCase(Locale.ROOT))).value())
                .isEqualTo(maid.toLowerCase(Locale.ROOT));
        assertThat(normalizer.normalize(Identifier.emailSha256(hex.toUpperCase(Locale.ROOT))).value())
                .isEqualTo(hex.toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Identifier> identifiers() {
        return Arbitraries.oneOf(
                anyEmails().map(Identifier::email),
                asciiEmails().map(Identifier::email),
                phones().map(Identifier::phone),
                uuids().map(u -> Identifier.maid(u.toString())),
                hex64().map(Identifier::emailSha256),
                hex64().map(Identifier::phoneSha256),
                Arbitraries.strings().ofMaxLength(40).map(Identifier::custom));
    }

    /** Any characters at all, mostly around one {@code @}. */
    @Provide
    Arbitrary<String> anyEmails() {
        Arbitrary<String> part = Arbitraries.strings().ofMaxLength(20);
        return Arbitraries.frequencyOf(
                Tuple.of(1, part),
                Tuple.of(4, Combinators.combine(part, part).as((local, domain) -> local + "@" + domain)));
    }

    @Provide
    Arbitrary<String> asciiEmails() {
        Arbitrary<String> part = Arbitraries.strings().withChars("abcXYZ019._%+-").ofMinLength(1).ofMaxLength(12);
        return Combinators.combine(part, part).as((local, domain) -> local + "@" + domain);
    }

    @Provide
    Arbitrary<Long> caseMasks() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> padding() {
        return Arbitraries.strings().withChars(WHITE_SPACE_TRIM_REMOVES).ofMaxLength(4);
    }

    @Provide
    Arbitrary<String> phones() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofLength(7);
        Arbitrary<String> area = Arbitraries.of("202", "212", "415", "617", "808", "555", "000");
        Arbitrary<String> format = Arbitraries.of("(%s) %s-%s", "%s-%s-%s", "+1 %s %s %s", "1%s%s%s", "+44 20 %s%s%s");
        return Combinators.combine(format, area, digits)
                .as((f, a, d) -> String.format(Locale.ROOT, f, a, d.substring(0, 3), d.substring(3)));
    }

    @Provide
    Arbitrary<UUID> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    @Provide
    Arbitrary<String> hex64() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64);
    }
}
