package dev.embeddedservice.exception;

/**
 * A streaming call stopped before the end of its input because the caller's own code failed:
 * the input iterator threw (or handed out a {@code null}), or the result consumer threw. The
 * cause is that failure. Every input read before it was sent and its result delivered, in order,
 * unless the consumer itself failed; {@link #resultsDelivered()} says how many results the
 * consumer got, so a caller can resume after them. Not retryable as such: the cause decides.
 *
 * <pre>{@code
 * try {
 *     client.translateStream(lines.iterator(), namespace, writer::write);
 * } catch (StreamAbortedException e) {
 *     log.error("stopped after {} results", e.resultsDelivered(), e.getCause());
 * }
 * }</pre>
 */
public class StreamAbortedException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    private final long resultsDelivered;

    public StreamAbortedException(String message, long resultsDelivered, Throwable cause) {
        super(message, false, cause);
        this.resultsDelivered = resultsDelivered;
    }

    /** How many results, from the first input on, the consumer received before the stream stopped. */
    public long resultsDelivered() {
        return resultsDelivered;
    }
}
