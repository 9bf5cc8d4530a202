package dev.embeddedservice.spark;

import dev.embeddedservice.BatchResult;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.Operation;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Executor clients that kill the first translating task that uses them, mid-partition: the
 * partition's {@code translateStream} throws after it has pulled {@code afterRecords} identifiers
 * (whose batches have been sent and billed by then). Every later call works. One JVM-wide trigger,
 * armed by {@link #arm()}: in local mode the executor is this JVM.
 */
record FailingOnceClients(int afterRecords) implements ExecutorClientFactory {

    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicLong PULLED_BY_FAILED_ATTEMPT = new AtomicLong();

    static void arm() {
        PULLED_BY_FAILED_ATTEMPT.set(0);
        ARMED.set(true);
    }

    @Override
    public EmbeddedServiceClient create(EmbeddedServiceClient.Builder configured) {
        EmbeddedServiceClient real = Emulators.TestClients.configure(configured).build();
        return new EmbeddedServiceClient() {
            @Override
            public InvocationSummary translateStream(Iterator<Identifier> identifiers, String namespace,
                                                     Consumer<TranslateResult> consumer,
                                                     Iterator<TranslateResult> resumeFrom) {
                boolean failThisOne = ARMED.getAndSet(false);
                if (!failThisOne) {
                    return real.translateStream(identifiers, namespace, consumer, resumeFrom);
                }
                return real.translateStream(new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        if (PULLED_BY_FAILED_ATTEMPT.get() >= afterRecords) {
                            throw new IllegalStateException("injected: the executor lost this task mid-partition");
                        }
                        return identifiers.hasNext();
                    }

                    @Override
                    public Identifier next() {
                        PULLED_BY_FAILED_ATTEMPT.incrementAndGet();
                        return identifiers.next();
                    }
                }, namespace, consumer, resumeFrom);
            }

            @Override
            public TranslateResponse translate(TranslateRequest request) {
                return real.translate(request);
            }

            @Override
            public CompletableFuture<TranslateResponse> translateAsync(TranslateRequest request) {
                return real.translateAsync(request);
            }

            @Override
            public <I, O> BatchResult<O> invoke(Operation<I, O> operation, List<I> inputs) {
                return real.invoke(operation, inputs);
            }

            @Override
            public <I, O> CompletableFuture<BatchResult<O>> invokeAsync(Operation<I, O> operation, List<I> inputs) {
                return real.invokeAsync(operation, inputs);
            }

            @Override
            public <I, O> InvocationSummary invokeStream(Operation<I, O> operation, Iterator<I> inputs,
                                                         Consumer<RecordResult<O>> consumer,
                                                         Iterator<RecordResult<O>> resumeFrom) {
                return real.invokeStream(operation, inputs, consumer, resumeFrom);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
