package dev.embeddedservice.testkit;

/**
 * A failure mode of the emulated activation service (protocol §1), switched on with
 * {@link EmbeddedServiceEmulator#activationFailure(ActivationFailure)}. The first six are the rows of §1's
 * error table; the others are protocol errors a client must detect, and an outage.
 *
 * <pre>{@code
 * emulator.activationFailure(ActivationFailure.RATE_LIMITED, 2); // the next two activations get 429
 * }</pre>
 */
public enum ActivationFailure {
    /** 400 {@code INVALID_REQUEST}. */
    INVALID_REQUEST(400, "INVALID_REQUEST"),
    /** 401 {@code INVALID_CREDENTIALS}. */
    INVALID_CREDENTIALS(401, "INVALID_CREDENTIALS"),
    /** 403 {@code SUBSCRIPTION_INACTIVE}. */
    SUBSCRIPTION_INACTIVE(403, "SUBSCRIPTION_INACTIVE"),
    /** 429 {@code RATE_LIMITED} with {@code Retry-After: 1}. */
    RATE_LIMITED(429, "RATE_LIMITED"),
    /** 500 {@code INTERNAL_ERROR}. */
    INTERNAL_ERROR(500, "INTERNAL_ERROR"),
    /** 503 {@code SERVICE_UNAVAILABLE}. */
    SERVICE_UNAVAILABLE(503, "SERVICE_UNAVAILABLE"),
    /** 200 with a body that is not JSON. */
    MALFORMED_BODY(200, null),
    /** 200 with a JSON body without {@code token}. */
    MISSING_TOKEN(200, null),
    /** 200 with a JSON body without {@code expiresIn}. */
    MISSING_EXPIRES_IN(200, null),
    /** 200 with {@code expiresIn: 0}. */
    NON_POSITIVE_EXPIRES_IN(200, null),
    /** 200 with a validly signed token longer than 1018 characters (too long for CustomAttributes). */
    OVERSIZED_TOKEN(200, null),
    /** The service is unreachable: the connection is reset without any HTTP answer. */
    OUTAGE(0, null);

    private final int httpStatus;
    private final String error;

    ActivationFailure(int httpStatus, String error) {
        this.httpStatus = httpStatus;
        this.error = error;
    }

    /** The HTTP status the client sees, or 0 for {@link #OUTAGE} (no HTTP answer). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code error} code of the JSON body, or null when the mode does not answer with an error body. */
    public String error() {
        return error;
    }
}
