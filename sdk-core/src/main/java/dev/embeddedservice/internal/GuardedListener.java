package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's listener, so that its failure never fails a batch that was already sent (and
 * billed): what it throws is logged once, the first time, and otherwise ignored.
 */
final class GuardedListener implements EmbeddedServiceListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

    private final EmbeddedServiceListener listener;
    private volatile boolean warned;

    GuardedListener(EmbeddedServiceListener listener) {
        this.listener = listener;
    }

    @Override
    public void invocationCompleted(InvocationEvent event) {
        try {
            listener.invocationCompleted(event);
        } catch (RuntimeException e) {
            failed("invocationCompleted", e);
        }
    }

    @Override
    public void retryScheduled(RetryEvent event) {
        try {
            listener.retryScheduled(event);
        } catch (RuntimeException e) {
            failed("retryScheduled", e);
        }
    }

    @Override
    public void tokenRejected() {
        try {
            listener.tokenRejected();
        } catch (RuntimeException e) {
            failed("tokenRejected", e);
        }
    }

    @Override
    public void circuitBreakerStateChanged(CircuitBreakerState from, CircuitBreakerState to) {
        try {
            listener.circuitBreakerStateChanged(from, to);
        } catch (RuntimeException e) {
            failed("circuitBreakerStateChanged", e);
        }
    }

    private void failed(String event, RuntimeException e) {
        if (!warned) {
            warned = true;
            log.warn("The application's EmbeddedServiceListener threw from {} ({}); its exceptions are ignored",
                    event, e.getClass().getName());
        }
    }
}
