package dev.embeddedservice.lambda.internal;

/**
 * The authorizer cannot decide now (the partner unreachable, a token too close to expiry, a
 * misconfiguration): thrown to the Lambda runtime, so API Gateway answers 500 and caches nothing,
 * rather than caching a Deny for a failure that may pass. It has no stack trace and no cause, so the
 * runtime's error log holds only this message, never a third party's.
 */
public final class AuthorizerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuthorizerUnavailableException(String message) {
        super(message, null, false, false);
    }
}
