package dev.embeddedservice.internal;

/**
 * The result an input gets from elsewhere: a result decided without a call, or the result of an
 * equal record that came earlier in the stream (known, or known once its chunk has run).
 */
@FunctionalInterface
interface SharedResult<R> {

    /** The result; for an earlier record's, called only once that record's batch has run. */
    R result();

    /** A result known now. */
    static <R> SharedResult<R> of(R result) {
        return () -> result;
    }
}
