package dev.embeddedservice.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.auth.internal.Backoff;
import dev.embeddedservice.auth.internal.Sleeper;
import dev.embeddedservice.testkit.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@link BatchRunner} over a {@link ScriptedSageMaker} and {@link ScriptedTokens}, in simulated
 * time: the sleeper advances the clock and keeps each wait, the jitter is fixed, the listener keeps
 * each event. Each batch is of {@code CUSTOM} identifiers {@code r0, r1, ...}, so a record's answer
 * is {@code tk_r<i>}.
 */
final class BatchHarness {

    final MutableClock clock = MutableClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
    final ScriptedSageMaker endpoint = new ScriptedSageMaker();
    final ScriptedTokens tokens = new ScriptedTokens(clock);
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<EmbeddedServiceListener.InvocationEvent> invocations = Collections.synchronizedList(new ArrayList<>());
    final List<EmbeddedServiceListener.RetryEvent> retries = Collections.synchronizedList(new ArrayList<>());
    int tokenRejections;

    int maxAttempts = 4;
    double jitter = 0.0;
    Backoff backoff;
    Duration deadline = Duration.ofMinutes(1);
    Limits limits = new Limits(null, null);
    CircuitBreaker breaker;
    CallStats stats = new CallStats();
    /** How the runner waits; by default it keeps the wait and advances the clock. */
    Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    private BatchRunner runner;

    private final TranslateCodec codec = TranslateCodec.create("ns", "US");

    /** Runs one batch of {@code n} records and returns its results, in batch order. */
    List<TranslateResult> run(int n) {
        return run(records(n));
    }

    List<TranslateResult> run(List<Identifier> ids) {
        Batch<Object, TranslateResult> batch = batch(ids);
        runner().run(new CallContext<>(codec, stats, Deadline.after(clock, deadline)), batch);
        List<TranslateResult> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            results.add(batch.result(i));
        }
        return results;
    }

    /** The runner, built on first use from the settings above; later batches share it and its tokens. */
    BatchRunner runner() {
        if (runner == null) {
            runner = newRunner();
        }
        return runner;
    }

    private BatchRunner newRunner() {
        Backoff b = backoff != null ? backoff
                : new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.5, () -> jitter);
        return new BatchRunner(new BatchRunner.Parts(new Invoker(endpoint, "ep", Duration.ofSeconds(70)),
                new TokenGenerations(tokens), maxAttempts, b, sleeper, breaker, limits, new ResponseDecoder(new ObjectMapper().getFactory()), listener()));
    }

    @SuppressWarnings("unchecked")
    Batch<Object, TranslateResult> batch(List<Identifier> ids) {
        byte[][] data = new byte[ids.size()][];
        Outcomes<Object, TranslateResult>[] outcomes = new Outcomes[ids.size()];
        EncodedInputs<Object, TranslateResult> in = new EncodedInputs<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            codec.encode(ids.get(i), in, i);
            data[i] = in.data(i);
            outcomes[i] = in.outcomes(i);
        }
        return new Batch<>(data, outcomes);
    }

    static List<Identifier> records(int n) {
        List<Identifier> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(Identifier.custom("r" + i));
        }
        return ids;
    }

    private EmbeddedServiceListener listener() {
        return new EmbeddedServiceListener() {
            @Override
            public void invocationCompleted(InvocationEvent event) {
                invocations.add(event);
            }

            @Override
            public void retryScheduled(RetryEvent event) {
                retries.add(event);
            }

            @Override
            public void tokenRejected() {
                tokenRejections++;
            }
        };
    }

    /**
     * Tokens {@code tok-1}, {@code tok-2}, ...: a new one after the current one is invalidated, each
     * with the config in force when it is handed out; scripted failures meanwhile.
     */
    static final class ScriptedTokens implements TokenProvider {
        private final MutableClock clock;
        private RuntimeException failure;
        private Instant failUntil = Instant.MIN;
        private ServiceConfig config = ServiceConfig.empty();
        private AuthToken current;
        /** When set, {@code invalidate} is ignored: the same token comes back. */
        boolean ignoreInvalidate;
        int activations;
        int calls;
        final List<String> invalidated = new ArrayList<>();

        ScriptedTokens(MutableClock clock) {
            this.clock = clock;
        }

        /** The config of the current token from now on (same token value). */
        synchronized ScriptedTokens config(ServiceConfig config) {
            this.config = config;
            if (current != null) {
                current = AuthToken.of(current.value(), current.expiresAt(), config);
            }
            return this;
        }

        /** Every {@code token()} throws {@code e} until the clock reaches {@code until}. */
        synchronized ScriptedTokens failUntil(RuntimeException e, Instant until) {
            failure = e;
            failUntil = until;
            return this;
        }

        @Override
        public synchronized AuthToken token() {
            calls++;
            if (failure != null && clock.instant().isBefore(failUntil)) {
                throw failure;
            }
            if (current == null) {
                activations++;
                current = AuthToken.of("tok-" + activations, clock.instant().plusSeconds(3600), config);
            }
            return current;
        }

        @Override
        public synchronized void invalidate(AuthToken token) {
            invalidated.add(token.value());
            if (!ignoreInvalidate && token.equals(current)) {
                current = null;
            }
        }

        @Override
        public void close() {
        }
    }
}
