package dev.embeddedservice.internal;

import dev.embeddedservice.RecordStatus;

/**
 * The typed seam between one operation and the batch engine, as the AWS SDK's batch manager
 * types its {@code batchAndSend}/{@code mapBatchResponse}: how an input becomes a wire record
 * (and which {@link Outcomes} its result is built by), and how a result's wire {@code data} is
 * read. Translate is one codec ({@link TranslateCodec}), a generic {@code Operation<I, O>} another
 * ({@link GenericCodec}).
 *
 * @param <I> the caller's input type
 * @param <V> the decoded {@code data} of an OK result
 * @param <R> the caller's result type
 */
interface OperationCodec<I, V, R> {

    /** The operation's name and params, encoded once per call. */
    Envelope envelope();

    /** Reads an OK result's {@code data}. */
    DataDecoder<V> dataDecoder();

    /**
     * Encodes one input. Thread-safe (inputs of a large call are encoded on several threads) and
     * total: a bad input becomes an invalid {@link EncodedInput} with a reason, whatever a
     * library it uses throws.
     */
    EncodedInput<V, R> encode(I input);

    /** The status of a result, for the call's summary. */
    RecordStatus status(R result);

    /** A result as bytes, for a stream's de-duplication index on disk; {@link #resultFromBytes} reads it back. */
    byte[] resultToBytes(R result);

    /** The result {@link #resultToBytes} wrote, equal to the one written. */
    R resultFromBytes(byte[] bytes);
}
