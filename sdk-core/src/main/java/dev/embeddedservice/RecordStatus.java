package dev.embeddedservice;

/** The outcome of one input record. Every input gets exactly one. */
public enum RecordStatus {
    /** The service answered with a value. */
    OK,
    /** The service knows nothing for this record. */
    NOT_FOUND,
    /** The record itself is bad (it could not be normalized, is too large, or the service said so); not retried. */
    INVALID,
    /** No answer could be obtained; {@code reason} says why and {@code retryable} whether trying later may help. */
    FAILED
}
