package dev.embeddedservice.exception;

/**
 * The client's circuit breaker is open after a run of failures from the endpoint, and the call
 * was not attempted. Thrown when nothing of a call could run; retryable once the breaker's wait
 * has passed.
 */
public class CircuitBreakerOpenException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    public CircuitBreakerOpenException(String message) {
        super(message, true);
    }
}
