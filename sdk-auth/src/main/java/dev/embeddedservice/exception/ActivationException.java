package dev.embeddedservice.exception;

import java.util.Optional;

/**
 * Activation against the partner's activation service failed (or an OAuth 2.0 token request did).
 * Subclasses name the refusals a caller may want to handle on their own; this type is also thrown
 * for server errors (5xx, retryable) and for refused requests ({@code INVALID_REQUEST}, not
 * retryable).
 *
 * <p>When the failure is an answer of the service, it carries the answer's
 * {@linkplain #statusCode() status code}, its {@linkplain #errorCode() error code} and, if the
 * service sent one, the {@linkplain #requestId() request id} (API Gateway's
 * {@code x-amzn-RequestId}, else {@code x-amz-apigw-id}, else {@code x-request-id}); the message
 * ends with the request id too, so a log line is enough to ask the partner about it.
 *
 * <pre>{@code
 * try {
 *     tokens.token();
 * } catch (TokenUnavailableException e) {
 *     if (e.getCause() instanceof ActivationException refused) {
 *         log.error("activation refused: status {}, request id {}", refused.statusCode().orElse(null),
 *                 refused.requestId().orElse("none"));
 *     }
 * }
 * }</pre>
 */
public class ActivationException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    private final Integer statusCode;
    private final String errorCode;
    private final String requestId;

    /** A failure without a request id. */
    public ActivationException(String message, boolean retryable, Integer statusCode, String errorCode,
                               Throwable cause) {
        this(message, retryable, statusCode, errorCode, null, cause);
    }

    /**
     * @param statusCode the answer's HTTP status, or {@code null} when there was no answer
     * @param errorCode  the {@code error} of the answer's body, or {@code null}
     * @param requestId  the id the service gave the request, or {@code null}; it is appended to the
     *                   message, so it must be safe to show (the SDK takes only 1 to 128 visible
     *                   US-ASCII characters, never containing a secret the request carried)
     */
    public ActivationException(String message, boolean retryable, Integer statusCode, String errorCode,
                               String requestId, Throwable cause) {
        super(requestId == null ? message : message + " (request id " + requestId + ")", retryable, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    @Override
    public Optional<Integer> statusCode() {
        return Optional.ofNullable(statusCode);
    }

    /** The {@code error} code of the service's error body, such as {@code RATE_LIMITED}, when it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The id the service gave the refused request, from the answer's headers, when it sent one. */
    @Override
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
