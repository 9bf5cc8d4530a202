package dev.embeddedservice.exception;

import java.util.Optional;

/**
 * Activation against the partner's activation service failed. Subclasses name the refusals a
 * caller may want to handle on their own; this type is also thrown for server errors (5xx,
 * retryable) and for refused requests ({@code INVALID_REQUEST}, not retryable).
 */
public class ActivationException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    private final Integer statusCode;
    private final String errorCode;

    public ActivationException(String message, boolean retryable, Integer statusCode, String errorCode,
                               Throwable cause) {
        super(message, retryable, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    @Override
    public Optional<Integer> statusCode() {
        return Optional.ofNullable(statusCode);
    }

    /** The {@code error} code of the service's error body, such as {@code RATE_LIMITED}, when it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
