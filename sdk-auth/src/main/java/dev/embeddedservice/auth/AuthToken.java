package dev.embeddedservice.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token issued by the partner's activation service (or an OAuth 2.0 token endpoint),
 * with its absolute expiry and the service configuration that came with it.
 *
 * <p>Immutable and thread-safe. The token's value is a secret: it never appears in
 * {@link #toString()}, which prints only a short fingerprint-free redaction and the expiry.
 *
 * <pre>{@code
 * AuthToken token = tokenProvider.token();
 * String header = "token=" + token.value();
 * }</pre>
 */
public final class AuthToken {

    private final String value;
    private final Instant expiresAt;
    private final ServiceConfig config;

    private AuthToken(String value, Instant expiresAt, ServiceConfig config) {
        this.value = Objects.requireNonNull(value, "value");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A token with the given value, absolute expiry and service configuration. */
    public static AuthToken of(String value, Instant expiresAt, ServiceConfig config) {
        return new AuthToken(value, expiresAt, config);
    }

    /** The opaque token value. Secret: never log it. */
    public String value() {
        return value;
    }

    /** The instant after which the token must not be used. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The service configuration issued with this token; empty fields mean "use the defaults". */
    public ServiceConfig config() {
        return config;
    }

    /** Whether the token has expired at the clock's current instant. */
    public boolean isExpired(Clock clock) {
        return !clock.instant().isBefore(expiresAt);
    }

    /** Tokens are equal when their values are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AuthToken other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "AuthToken[value=<redacted>, expiresAt=" + expiresAt + ", config=" + config + "]";
    }
}
