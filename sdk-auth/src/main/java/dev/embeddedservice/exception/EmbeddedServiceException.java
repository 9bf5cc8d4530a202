package dev.embeddedservice.exception;

import java.util.Optional;

/**
 * Base of every exception the embedded-service SDK throws. Unchecked, like the AWS SDK's
 * {@code SdkException}: catch this type to handle any SDK failure, or a subclass to handle one
 * kind.
 *
 * <p>Messages never contain a token, a license key, a client secret or an identifier's value.
 *
 * <pre>{@code
 * try {
 *     TranslateResponse response = client.translate(request);
 * } catch (EmbeddedServiceException e) {
 *     if (e.retryable()) {
 *         // schedule the job again later
 *     }
 *     throw e;
 * }
 * }</pre>
 */
public class EmbeddedServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public EmbeddedServiceException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public EmbeddedServiceException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * Whether the same call may succeed if made again later (a throttled, unavailable or timed-out
     * service), as opposed to a failure that repeats until something is changed (a bad setting, a
     * refused license key, an inactive subscription).
     */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status code of the response that caused this failure, when there was one. */
    public Optional<Integer> statusCode() {
        return Optional.empty();
    }

    /**
     * The id the service gave the request that failed, when it sent one: quote it, with the
     * {@linkplain #statusCode() status code}, to the partner when asking about the failure. Set for
     * refused activations and token requests ({@link ActivationException} and its subclasses);
     * empty by default. Never a token, a key or a secret.
     *
     * <pre>{@code
     * } catch (ActivationException e) {
     *     log.error("activation refused ({}, request id {})", e.statusCode().orElse(null),
     *             e.requestId().orElse("none"));
     * }
     * }</pre>
     */
    public Optional<String> requestId() {
        return Optional.empty();
    }
}
