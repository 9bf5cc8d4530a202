package dev.embeddedservice.internal;

import dev.embeddedservice.BatchResult;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.Operation;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.internal.Sleeper;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The {@link EmbeddedServiceClient}: checks each call's arguments, picks the operation's codec
 * ({@link TranslateCodec} or {@link GenericCodec}) and hands it to a {@link BlockingRun} or a
 * {@link StreamingWindow} on the client's {@link ClientRuntime}.
 */
final class DefaultEmbeddedServiceClient implements EmbeddedServiceClient {

    private final ClientRuntime runtime;

    DefaultEmbeddedServiceClient(ClientSettings settings, Sleeper sleeper, DoubleSupplier jitter) {
        this.runtime = new ClientRuntime(settings, sleeper, jitter);
    }

    /** The client's runtime: its pools and the config they follow (for tests in this package). */
    ClientRuntime runtime() {
        return runtime;
    }

    @Override
    public TranslateResponse translate(TranslateRequest request) {
        Objects.requireNonNull(request, "request");
        runtime.ensureOpen();
        BlockingRun.Outcome<TranslateResult> run = BlockingRun.run(runtime,
                translateCodec(request.targetNamespace().orElse(null)), request.identifiers());
        return TrustedResults.response(run.results(), run.summary());
    }

    @Override
    public CompletableFuture<TranslateResponse> translateAsync(TranslateRequest request) {
        Objects.requireNonNull(request, "request");
        return async(() -> translate(request));
    }

    @Override
    public InvocationSummary translateStream(Iterator<Identifier> identifiers, String targetNamespace,
                                             Consumer<TranslateResult> consumer, Iterator<TranslateResult> resumeFrom) {
        Objects.requireNonNull(identifiers, "identifiers");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(resumeFrom, "resumeFrom");
        if (targetNamespace != null && targetNamespace.isBlank()) {
            throw new InvalidConfigurationException("targetNamespace must not be blank");
        }
        runtime.ensureOpen();
        return StreamingWindow.run(runtime, translateCodec(targetNamespace), identifiers, consumer, resumeFrom);
    }

    @Override
    public <I, O> BatchResult<O> invoke(Operation<I, O> operation, List<I> inputs) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(inputs, "inputs");
        runtime.ensureOpen();
        BlockingRun.Outcome<RecordResult<O>> run = BlockingRun.run(runtime,
                new GenericCodec<>(runtime.mapper(), operation), inputs);
        return new BatchResult<>(run.results(), run.summary());
    }

    @Override
    public <I, O> CompletableFuture<BatchResult<O>> invokeAsync(Operation<I, O> operation, List<I> inputs) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(inputs, "inputs");
        return async(() -> invoke(operation, inputs));
    }

    @Override
    public <I, O> InvocationSummary invokeStream(Operation<I, O> operation, Iterator<I> inputs,
                                                 Consumer<RecordResult<O>> consumer,
                                                 Iterator<RecordResult<O>> resumeFrom) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(resumeFrom, "resumeFrom");
        runtime.ensureOpen();
        return StreamingWindow.run(runtime, new GenericCodec<>(runtime.mapper(), operation), inputs, consumer,
                resumeFrom);
    }

    private TranslateCodec translateCodec(String targetNamespace) {
        return new TranslateCodec(runtime.mapper(),
                targetNamespace != null ? targetNamespace : runtime.settings().targetNamespace(), runtime.normalizer());
    }

    private <T> CompletableFuture<T> async(Supplier<T> call) {
        runtime.ensureOpen();
        try {
            return CompletableFuture.supplyAsync(call, runtime.asyncCalls());
        } catch (RejectedExecutionException e) {
            runtime.ensureOpen();
            throw e;
        }
    }

    /**
     * Stops the client: worker threads, the token provider it built and the SageMaker client it
     * built are closed; what it was given is not. Idempotent.
     */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return "EmbeddedServiceClient[" + runtime.settings() + "]";
    }
}
