package dev.embeddedservice.internal;

/**
 * The results one kind of record can end with, built by an operation's codec: a translate
 * record's {@code TranslateResult}s carry its wire type, a generic operation's
 * {@code RecordResult}s carry nothing else. The batch engine fills each record's result slot
 * through these, so every result is built once, in its final form.
 *
 * @param <V> the operation's decoded {@code data} type
 * @param <R> the result type the caller gets
 */
interface Outcomes<V, R> {

    R ok(V value);

    R notFound();

    /** The record itself is bad: refused locally or by the partner; never contains the record's value. */
    R invalid(String reason);

    /** No answer could be had; never contains the record's value. */
    R failed(String reason, boolean retryable);

    /** Whether {@code result} could be one of these outcomes' (resuming checks results against inputs). */
    default boolean couldBe(R result) {
        return true;
    }
}
