package dev.embeddedservice.exception;

/**
 * The activation service refused the license key or the identity proof
 * ({@code 401 INVALID_CREDENTIALS}), or an OAuth 2.0 token endpoint refused the client id and
 * secret ({@code invalid_client}). Not retryable: fix the license key, the AWS credentials or the
 * client credentials. Carries the status code and, when the service sent one, the request id.
 */
public class InvalidCredentialsException extends ActivationException {

    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException(String message, String errorCode) {
        super(message, false, 401, errorCode, null);
    }

    /**
     * For refusals answered with another status than 401, such as an OAuth 2.0 endpoint's
     * {@code 400 invalid_client}.
     */
    public InvalidCredentialsException(String message, String errorCode, int statusCode) {
        this(message, errorCode, statusCode, null);
    }

    /** @param requestId the id the service gave the request, or {@code null} (see {@link ActivationException}) */
    public InvalidCredentialsException(String message, String errorCode, int statusCode, String requestId) {
        super(message, false, statusCode, errorCode, requestId, null);
    }
}
