package dev.embeddedservice.lambda.internal;

import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.CircuitBreakerOpenException;
import dev.embeddedservice.exception.DeadlineExceededException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.SubscriptionInactiveException;
import dev.embeddedservice.exception.TokenUnavailableException;

/**
 * What the proxy answers when a call could not run at all: the HTTP status and code for each typed
 * failure of the SDK. The SDK's messages never hold a token, a license key or an identifier, so they
 * are passed on; a configuration problem of the proxy itself is not (see {@link #MISCONFIGURED}).
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>failure</th><th>status</th><th>error</th></tr>
 *   <tr><td>subscription inactive (activation 403)</td><td>403</td><td>SUBSCRIPTION_INACTIVE</td></tr>
 *   <tr><td>license key or identity refused (activation 401)</td><td>502</td><td>INVALID_CREDENTIALS</td></tr>
 *   <tr><td>activation rate-limited (429)</td><td>503</td><td>ACTIVATION_RATE_LIMITED</td></tr>
 *   <tr><td>other activation failure (5xx, 400, unreachable)</td><td>502</td><td>the service's code, or ACTIVATION_FAILED</td></tr>
 *   <tr><td>a peer broke the protocol</td><td>502</td><td>PROTOCOL_ERROR</td></tr>
 *   <tr><td>circuit breaker open</td><td>503</td><td>CIRCUIT_OPEN</td></tr>
 *   <tr><td>deadline passed</td><td>504</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>the proxy's own settings are wrong</td><td>500</td><td>PROXY_MISCONFIGURED</td></tr>
 * </table>
 */
public final class ServiceErrors {

    /**
     * The failure a {@link TokenUnavailableException} stands for (its typed cause, such as
     * {@link SubscriptionInactiveException}), or {@code e} itself.
     */
    public static EmbeddedServiceException typed(EmbeddedServiceException e) {
        return e instanceof TokenUnavailableException && e.getCause() instanceof EmbeddedServiceException cause
                ? cause : e;
    }

    /**
     * What the caller is told of a configuration problem: only that there is one. The details (which
     * setting, which secret) are for the function's log, not for every caller in the VPC.
     */
    static final String MISCONFIGURED = "the proxy is misconfigured; its log says how";

    private ServiceErrors() {
    }

    /** An HTTP answer for a failure: status, code, message, and whether trying later may help. */
    public record Answer(int status, String code, String message, boolean retryable) {
    }

    /** The answer for {@code e}; a {@link TokenUnavailableException} is answered for its typed cause. */
    public static Answer answer(EmbeddedServiceException e) {
        EmbeddedServiceException failure = typed(e);
        boolean retryable = failure.retryable();
        if (failure instanceof SubscriptionInactiveException) {
            return new Answer(403, "SUBSCRIPTION_INACTIVE", failure.getMessage(), false);
        }
        if (failure instanceof InvalidCredentialsException) {
            return new Answer(502, "INVALID_CREDENTIALS", failure.getMessage(), false);
        }
        if (failure instanceof ActivationRateLimitedException) {
            return new Answer(503, "ACTIVATION_RATE_LIMITED", failure.getMessage(), true);
        }
        if (failure instanceof ActivationException a) {
            return new Answer(502, a.errorCode().orElse("ACTIVATION_FAILED"), failure.getMessage(), retryable);
        }
        if (failure instanceof ProtocolViolationException) {
            return new Answer(502, "PROTOCOL_ERROR", failure.getMessage(), retryable);
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new Answer(503, "CIRCUIT_OPEN", failure.getMessage(), true);
        }
        if (failure instanceof DeadlineExceededException) {
            return new Answer(504, "DEADLINE_EXCEEDED", failure.getMessage(), true);
        }
        if (failure instanceof InvalidConfigurationException) {
            return new Answer(500, "PROXY_MISCONFIGURED", MISCONFIGURED, false);
        }
        if (failure instanceof TokenUnavailableException) {
            return new Answer(503, "TOKEN_UNAVAILABLE", failure.getMessage(), retryable);
        }
        return new Answer(502, "SERVICE_ERROR", failure.getMessage(), retryable);
    }

}
