package dev.embeddedservice.exception;

/**
 * A setting is missing or invalid. Thrown by {@code build()} methods, before any request is
 * made; the message names the setting. Never retryable.
 */
public class InvalidConfigurationException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message, false);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
