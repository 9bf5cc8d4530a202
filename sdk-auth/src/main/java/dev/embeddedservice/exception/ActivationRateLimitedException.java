package dev.embeddedservice.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * The activation service asked the client to slow down ({@code 429 RATE_LIMITED}). Retryable;
 * {@link #retryAfter()} carries the service's {@code Retry-After}, when it sent one, and
 * {@link #requestId()} the request's id.
 */
public class ActivationRateLimitedException extends ActivationException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public ActivationRateLimitedException(String message, String errorCode, Duration retryAfter) {
        this(message, errorCode, retryAfter, null);
    }

    /** @param requestId the id the service gave the request, or {@code null} (see {@link ActivationException}) */
    public ActivationRateLimitedException(String message, String errorCode, Duration retryAfter, String requestId) {
        super(message, true, 429, errorCode, requestId, null);
        this.retryAfter = retryAfter;
    }

    /** How long the service asked the client to wait before the next attempt. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
