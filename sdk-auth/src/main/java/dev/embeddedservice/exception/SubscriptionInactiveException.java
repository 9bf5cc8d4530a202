package dev.embeddedservice.exception;

/**
 * The AWS Marketplace subscription behind this product is not active
 * ({@code 403 SUBSCRIPTION_INACTIVE}). Not retryable until the subscription is renewed.
 */
public class SubscriptionInactiveException extends ActivationException {

    private static final long serialVersionUID = 1L;

    public SubscriptionInactiveException(String message, String errorCode) {
        super(message, false, 403, errorCode, null);
    }
}
