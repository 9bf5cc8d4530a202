package dev.embeddedservice.exception;

/**
 * No valid token can be handed out: the cached token has expired and the refresh failed (the
 * cause is the last failure), or the token provider is closed. Retryable when the cause is.
 */
public class TokenUnavailableException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message, boolean retryable, Throwable cause) {
        super(message, retryable, cause);
    }
}
