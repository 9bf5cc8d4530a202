package dev.embeddedservice;

/**
 * The activation service refused the license key or the identity proof
 * ({@code 401 INVALID_CREDENTIALS}). Not retryable: fix the license key or the AWS credentials.
 */
public class InvalidCredentialsException extends ActivationException {

    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException(String message, String errorCode) {
        super(message, false, 401, errorCode, null);
    }
}
