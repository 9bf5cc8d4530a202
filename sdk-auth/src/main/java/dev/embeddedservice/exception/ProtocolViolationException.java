package dev.embeddedservice.exception;

/**
 * A peer answered something the wire protocol does not allow: a body that is not JSON, a
 * required field missing, a token that cannot be used, a response that does not account for
 * every record sent. The SDK never guesses past such an answer.
 */
public class ProtocolViolationException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message, false);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, false, cause);
    }

    public ProtocolViolationException(String message, boolean retryable, Throwable cause) {
        super(message, retryable, cause);
    }
}
