package dev.embeddedservice.exception;

/**
 * The AWS Marketplace subscription behind this product is not active
 * ({@code 403 SUBSCRIPTION_INACTIVE}). Not retryable until the subscription is renewed. Carries
 * the request id when the service sent one.
 */
public class SubscriptionInactiveException extends ActivationException {

    private static final long serialVersionUID = 1L;

    public SubscriptionInactiveException(String message, String errorCode) {
        this(message, errorCode, null);
    }

    /** @param requestId the id the service gave the request, or {@code null} (see {@link ActivationException}) */
    public SubscriptionInactiveException(String message, String errorCode, String requestId) {
        super(message, false, 403, errorCode, requestId, null);
    }
}
