package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.CapturedLogs;
import dev.embeddedservice.auth.MutableClock;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.Thrown;
import dev.embeddedservice.auth.TokenListener;
import dev.embeddedservice.auth.TokenState;
import dev.embeddedservice.auth.TokenStore;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token cache on its own, over a scripted token source, with the clock, the executor and the
 * random source in the test's hands: every instant and every gap is pinned exactly.
 */
class RefreshingTokenCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
    private final long start = clock.millis();
    private final Source source = new Source();

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    /** Answers the n-th fetch (1-based) with what {@link #answer} says; a token for an hour by default. */
    private final class Source implements TokenSource {
        final AtomicInteger fetches = new AtomicInteger();
        final List<Long> fetchedAt = new CopyOnWriteArrayList<>();
        volatile IntFunction<AuthToken> answer = n -> tokenFor("tok-" + n, Duration.ofHours(1));

        @Override
        public AuthToken fetch() {
            int n = fetches.incrementAndGet();
            fetchedAt.add(clock.millis() - start);
            return answer.apply(n);
        }
    }

    private AuthToken tokenFor(String value, Duration lifetime) {
        return AuthToken.of(value, clock.instant().plus(lifetime), ServiceConfig.empty());
    }

    private static ActivationException failure() {
        return new ActivationException("refused", false, 403, "SUBSCRIPTION_INACTIVE", null);
    }

    private void at(long millisAfterStart) {
        clock.set(Instant.ofEpochMilli(start + millisAfterStart));
    }

    private RefreshingTokenCache cache(Executor executor, RefreshSettings settings, DoubleSupplier random,
                                       TokenListener... listeners) {
        return new RefreshingTokenCache("cache-under-test", source, clock, executor, TokenStore.inMemory(), "key",
                settings, List.of(listeners), random);
    }

    private RefreshingTokenCache cache(DoubleSupplier random) {
        return cache(Runnable::run, RefreshSettings.defaults(), random);
    }

    /** Keeps the tasks handed to it until the test runs them; counts them. */
    private static final class QueuedExecutor implements Executor {
        final List<Runnable> queued = new CopyOnWriteArrayList<>();
        final AtomicInteger submitted = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            submitted.incrementAndGet();
            queued.add(task);
        }

        void runAll() {
            List<Runnable> now = List.copyOf(queued);
            queued.clear();
            now.forEach(Runnable::run);
        }
    }

    /** Runs each task at once, on the thread that hands it over; counts them. */
    private static final class InlineExecutor implements Executor {
        final AtomicInteger submitted = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            submitted.incrementAndGet();
            task.run();
        }
    }

    /** Records what a listener hears: new token values, and state changes as {@code "FROM>TO"}. */
    private static final class Heard implements TokenListener {
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final List<String> changes = new CopyOnWriteArrayList<>();

        @Override
        public void onNewToken(AuthToken token) {
            tokens.add(token.value());
        }

        @Override
        public void onStateChanged(TokenState from, TokenState to) {
            changes.add(from + ">" + to);
        }
    }

    /** A thread calling {@code token()}, whose outcome the test collects. */
    private static final class Caller {
        final FutureTask<AuthToken> outcome;
        final Thread thread;

        Caller(RefreshingTokenCache cache) {
            outcome = new FutureTask<>(cache::token);
            thread = new Thread(outcome, "test-caller");
            thread.setDaemon(true);
            thread.start();
        }

        /** Returns once the caller is parked waiting for a refresh (never by sleeping: it spins). */
        void awaitWaitingForARefresh() {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(thread.getState() == Thread.State.WAITING && LockSupport.getBlocker(thread) != null)) {
                if (System.nanoTime() > deadline || !thread.isAlive()) {
                    throw new AssertionError("the caller is not waiting for a refresh: " + thread.getState());
                }
                Thread.onSpinWait();
                Thread.yield();
            }
        }

        /** What the call threw; fails if it returned or did not end within {@link #WAIT}. */
        Throwable failure() throws Exception {
            try {
                AuthToken token = outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("the call returned " + token + " instead of failing");
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        }
    }

    private static RefreshSettings gaps(Duration min, Duration max) {
        return new RefreshSettings(RefreshSettings.DEFAULT_PREFETCH_MARGIN, RefreshSettings.DEFAULT_PREFETCH_JITTER,
                RefreshSettings.DEFAULT_EXPIRY_MARGIN, min, max);
    }

    @Nested
    class FailureGaps {

        /** Calls token() at {@code millis}, which fails; true if that made a fetch. */
        private boolean attemptAt(RefreshingTokenCache cache, long millis) {
            int before = source.fetches.get();
            at(millis);
            Thrown.of(TokenUnavailableException.class, cache::token);
            return source.fetches.get() > before;
        }

        @Test
        void withoutJitterTheGapDoublesFromTheMinimumUpToTheMaximum() {
            source.answer = n -> {
                throw failure();
            };
            try (RefreshingTokenCache cache = cache(Runnable::run, gaps(Duration.ofSeconds(1), Duration.ofSeconds(3)),
                    () -> 0.0)) {
                assertThat(attemptAt(cache, 0)).isTrue();
                // Gaps of 1 s, 2 s, then 4 s capped at 3 s, and 3 s again.
                assertThat(attemptAt(cache, 999)).isFalse();
                assertThat(attemptAt(cache, 1_000)).isTrue();
                assertThat(attemptAt(cache, 2_999)).isFalse();
                assertThat(attemptAt(cache, 3_000)).isTrue();
                assertThat(attemptAt(cache, 5_999)).isFalse();
                assertThat(attemptAt(cache, 6_000)).isTrue();
                assertThat(attemptAt(cache, 8_999)).isFalse();
                assertThat(attemptAt(cache, 9_000)).isTrue();

                assertThat(source.fetchedAt).containsExactly(0L, 1_000L, 3_000L, 6_000L, 9_000L);
            }
        }

        static Stream<Arguments> jitters() {
            return Stream.of(
                    // random, first gap, second gap: 5 s and 10 s less random × 20 % of them
                    Arguments.of(0.0, 5_000L, 10_000L),
                    Arguments.of(0.5, 4_500L, 9_000L),
                    Arguments.of(Math.nextDown(1.0), 4_001L, 8_001L));
        }

        @ParameterizedTest(name = "random {0}: gaps of {1} and {2} ms")
        @MethodSource("jitters")
        void theJitterShortensEachGapByUpToAFifth(double random, long firstGap, long secondGap) {
            source.answer = n -> {
                throw failure();
            };
            try (RefreshingTokenCache cache = cache(() -> random)) {
                assertThat(attemptAt(cache, 0)).isTrue();
                assertThat(attemptAt(cache, firstGap - 1)).isFalse();
                assertThat(attemptAt(cache, firstGap)).isTrue();
                assertThat(attemptAt(cache, firstGap + secondGap - 1)).isFalse();
                assertThat(attemptAt(cache, firstGap + secondGap)).isTrue();
            }
        }

        @Test
        void aSuccessfulRefreshStartsTheGapsAgainFromTheMinimum() {
            source.answer = n -> {
                if (n == 3) {
                    return tokenFor("tok-3", Duration.ofHours(1));
                }
                throw failure();
            };
            try (RefreshingTokenCache cache = cache(() -> 0.0)) {
                assertThat(attemptAt(cache, 0)).isTrue();           // failure 1, then a gap of 5 s
                assertThat(attemptAt(cache, 5_000)).isTrue();       // failure 2, then a gap of 10 s
                at(15_000);
                assertThat(cache.token().value()).isEqualTo("tok-3");
                // tok-3 is stale 5 min before its expiry, at 15 s + 55 min; that refresh fails: a gap of 5 s again.
                long staleAt = 15_000 + Duration.ofMinutes(55).toMillis();
                at(staleAt);
                assertThat(cache.token().value()).isEqualTo("tok-3");
                assertThat(source.fetches.get()).isEqualTo(4);
                at(staleAt + 4_999);
                assertThat(cache.token().value()).isEqualTo("tok-3");
                assertThat(source.fetches.get()).isEqualTo(4);
                at(staleAt + 5_000);
                assertThat(cache.token().value()).isEqualTo("tok-3");
                assertThat(source.fetches.get()).isEqualTo(5);
            }
        }
    }

    /** Each transition of {@link TokenState}, as {@code state()} computes it and as listeners hear of it. */
    @Nested
    class States {

        private final Heard heard = new Heard();

        @Test
        void thereIsNoTokenBeforeTheFirstCall() {
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
                assertThat(heard.changes).isEmpty();
                assertThat(source.fetches.get()).isZero();
            }
        }

        @Test
        void theFirstTokenMakesItFresh() {
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();

                assertThat(cache.state()).isEqualTo(TokenState.FRESH);
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH");
                assertThat(heard.tokens).containsExactly("tok-1");
            }
        }

        @Test
        void freshCallsTakeTheLockFreePathAndReportNothing() {
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();
                at(Duration.ofMinutes(55).toMillis() - 1);   // 1 ms before the refresh point

                for (int i = 0; i < 1_000; i++) {
                    cache.token();
                }

                assertThat(heard.changes).containsExactly("EXPIRED>FRESH");
            }
        }

        @Test
        void aCallAfterTheRefreshPointMakesItStaleAndItsRefreshFreshAgain() {
            QueuedExecutor executor = new QueuedExecutor();
            try (RefreshingTokenCache cache = cache(executor, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();
                at(Duration.ofMinutes(55).toMillis());

                assertThat(cache.state()).isEqualTo(TokenState.STALE);
                assertThat(heard.changes).as("state() observes nothing").containsExactly("EXPIRED>FRESH");
                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE");
                assertThat(executor.submitted.get()).isEqualTo(1);

                executor.runAll();

                assertThat(cache.state()).isEqualTo(TokenState.FRESH);
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>FRESH");
                assertThat(heard.tokens).containsExactly("tok-1", "tok-2");
            }
        }

        @Test
        void aStaleTokenWhoseRefreshFailedBecomesExpiredAtTheBlockPoint() {
            source.answer = n -> {
                if (n == 2) {
                    throw failure();
                }
                return tokenFor("tok-" + n, Duration.ofHours(1));
            };
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();
                at(Duration.ofMinutes(55).toMillis());
                assertThat(cache.token().value()).isEqualTo("tok-1");     // its background refresh fails
                assertThat(cache.state()).isEqualTo(TokenState.STALE);
                at(Duration.ofMinutes(60).toMillis() - 10_000);           // the block point, 10 s before expiry

                assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
                assertThat(cache.token().value()).isEqualTo("tok-3");

                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED", "EXPIRED>FRESH");
            }
        }

        @Test
        void aFreshTokenNoCallSawStaleGoesStraightToExpired() {
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();
                at(Duration.ofHours(1).toMillis());

                assertThat(cache.token().value()).isEqualTo("tok-2");

                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>EXPIRED", "EXPIRED>FRESH");
            }
        }

        @Test
        void invalidatingTheTokenMakesItExpired() {
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                AuthToken token = cache.token();

                cache.invalidate(token);

                assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>EXPIRED");
                assertThat(cache.token().value()).isEqualTo("tok-2");
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>EXPIRED", "EXPIRED>FRESH");
            }
        }

        @Test
        void invalidatingAStaleTokenMakesItExpired() {
            QueuedExecutor executor = new QueuedExecutor();
            try (RefreshingTokenCache cache = cache(executor, RefreshSettings.defaults(), () -> 0.0, heard)) {
                AuthToken token = cache.token();
                at(Duration.ofMinutes(55).toMillis());
                cache.token();

                cache.invalidate(token);

                assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED");
            }
        }

        @Test
        void invalidatingATokenAlreadyReplacedReportsNothing() {
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard)) {
                AuthToken first = cache.token();
                cache.invalidate(first);
                cache.token();

                cache.invalidate(first);

                assertThat(cache.state()).isEqualTo(TokenState.FRESH);
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>EXPIRED", "EXPIRED>FRESH");
            }
        }

        @Test
        void closingMakesItExpiredOnceAndForAll() {
            RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, heard);
            cache.token();

            cache.close();
            cache.close();

            assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
            assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>EXPIRED");
        }

        @Test
        void aListenerThatFailsDoesNotStopTheOthers() {
            TokenListener failing = new TokenListener() {
                @Override
                public void onNewToken(AuthToken token) {
                }

                @Override
                public void onStateChanged(TokenState from, TokenState to) {
                    throw new IllegalStateException("listener bug");
                }
            };
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0, failing, heard)) {
                cache.token();
                cache.invalidate(cache.token());
                cache.token();

                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>EXPIRED", "EXPIRED>FRESH");
                assertThat(CapturedLogs.containing("a token listener failed")).hasSize(3);
            }
        }

        @Test
        void aLambdaListenerHearsNewTokensOnly() {
            List<String> tokens = new CopyOnWriteArrayList<>();
            try (RefreshingTokenCache cache = cache(Runnable::run, RefreshSettings.defaults(), () -> 0.0,
                    token -> tokens.add(token.value()))) {
                cache.invalidate(cache.token());
                cache.token();

                assertThat(tokens).containsExactly("tok-1", "tok-2");
            }
        }
    }

    /**
     * The exact instants a token turns stale (its refresh point: expiry − min(prefetchMargin,
     * lifetime / 2) − the jitter's share of that margin) and expired (its block point: expiry −
     * min(expiryMargin, lifetime / 10)), with the default margins (5 min, 10 s, jitter 0.25) and the
     * random source pinned to 0 and to just below 1. Expected instants, in ms after the token arrived:
     * <pre>
     * lifetime  margin   jitter share (0 / ~1)   stale at (0 / ~1)       block margin  expired at
     * 2 s       1 s      0 / 249                 1 000 / 751             200 ms        1 800
     * 30 s      15 s     0 / 3 749               15 000 / 11 251         3 s           27 000
     * 1 h       5 min    0 / 74 999              3 300 000 / 3 225 001   10 s          3 590 000
     * </pre>
     */
    @Nested
    class Boundaries {

        static Stream<Arguments> tokens() {
            double justBelowOne = Math.nextDown(1.0);
            return Stream.of(
                    Arguments.of(Duration.ofSeconds(2), 0.0, 1_000L, 1_800L),
                    Arguments.of(Duration.ofSeconds(2), justBelowOne, 751L, 1_800L),
                    Arguments.of(Duration.ofSeconds(30), 0.0, 15_000L, 27_000L),
                    Arguments.of(Duration.ofSeconds(30), justBelowOne, 11_251L, 27_000L),
                    Arguments.of(Duration.ofHours(1), 0.0, 3_300_000L, 3_590_000L),
                    Arguments.of(Duration.ofHours(1), justBelowOne, 3_225_001L, 3_590_000L));
        }

        private RefreshingTokenCache cacheOf(Duration lifetime, double random, Executor executor) {
            source.answer = n -> tokenFor("tok-" + n, lifetime);
            RefreshingTokenCache cache = cache(executor, RefreshSettings.defaults(), () -> random);
            at(0);
            cache.token();
            return cache;
        }

        @ParameterizedTest(name = "{0}, random {1}: stale at {2} ms, expired at {3} ms")
        @MethodSource("tokens")
        void stateChangesExactlyAtTheRefreshAndBlockPoints(Duration lifetime, double random, long staleAt, long expiredAt) {
            try (RefreshingTokenCache cache = cacheOf(lifetime, random, new QueuedExecutor())) {
                at(staleAt - 1);
                assertThat(cache.state()).isEqualTo(TokenState.FRESH);
                at(staleAt);
                assertThat(cache.state()).isEqualTo(TokenState.STALE);
                at(expiredAt - 1);
                assertThat(cache.state()).isEqualTo(TokenState.STALE);
                at(expiredAt);
                assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
            }
        }

        @ParameterizedTest(name = "{0}, random {1}: refresh starts at {2} ms")
        @MethodSource("tokens")
        void aBackgroundRefreshStartsExactlyAtTheRefreshPoint(Duration lifetime, double random, long staleAt,
                                                              long expiredAt) {
            QueuedExecutor executor = new QueuedExecutor();
            try (RefreshingTokenCache cache = cacheOf(lifetime, random, executor)) {
                at(staleAt - 1);
                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(executor.submitted.get()).isZero();

                at(staleAt);
                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(executor.submitted.get()).isEqualTo(1);
                assertThat(source.fetches.get()).isEqualTo(1);
            }
        }

        @ParameterizedTest(name = "{0}, random {1}: a call 1 ms before {3} ms is served at once")
        @MethodSource("tokens")
        void oneMillisecondBeforeTheBlockPointTheRefreshRunsInTheBackground(Duration lifetime, double random,
                                                                           long staleAt, long expiredAt) {
            InlineExecutor executor = new InlineExecutor();
            try (RefreshingTokenCache cache = cacheOf(lifetime, random, executor)) {
                at(expiredAt - 1);

                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(executor.submitted.get()).isEqualTo(1);
            }
        }

        @ParameterizedTest(name = "{0}, random {1}: from {3} ms the caller refreshes")
        @MethodSource("tokens")
        void atTheBlockPointTheCallerWaitsForTheRefreshOnItsOwnThread(Duration lifetime, double random, long staleAt,
                                                                      long expiredAt) {
            InlineExecutor executor = new InlineExecutor();
            try (RefreshingTokenCache cache = cacheOf(lifetime, random, executor)) {
                at(expiredAt);

                assertThat(cache.token().value()).isEqualTo("tok-2");
                assertThat(executor.submitted.get()).isZero();
            }
        }
    }

    /** close() with refreshes queued, refused or in flight: no caller hangs, nothing is installed after it. */
    @Nested
    class Closing {

        private final Heard heard = new Heard();
        private final long staleAt = Duration.ofMinutes(55).toMillis();
        private final long blockAt = Duration.ofMinutes(60).toMillis() - 10_000;

        @Test
        void aCallerWaitingOnAQueuedRefreshGetsTokenUnavailableWhenTheCacheCloses() throws Exception {
            QueuedExecutor executor = new QueuedExecutor();
            RefreshingTokenCache cache = cache(executor, RefreshSettings.defaults(), () -> 0.0, heard);
            cache.token();
            at(staleAt);
            cache.token();                        // the refresh is queued, and never started
            at(blockAt);
            Caller caller = new Caller(cache);    // expired: waits for the queued refresh
            caller.awaitWaitingForARefresh();
            assertThat(heard.changes).as("heard before the caller waits")
                    .containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED");

            cache.close();

            Throwable failure = caller.failure();
            assertThat(failure).isInstanceOf(TokenUnavailableException.class).hasMessageContaining("closed");
            assertThat(((TokenUnavailableException) failure).retryable()).isFalse();
            // The executor runs the task late: it does nothing.
            executor.runAll();
            assertThat(source.fetches.get()).isEqualTo(1);
            assertThat(heard.tokens).containsExactly("tok-1");
            assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED");
        }

        @Test
        void aCallerInterruptedWhileWaitingForARefreshGetsARetryableFailureAndKeepsTheInterrupt() {
            QueuedExecutor executor = new QueuedExecutor();
            try (RefreshingTokenCache cache = cache(executor, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();
                at(staleAt);
                cache.token();                    // the refresh is queued, and never started
                at(blockAt);

                Thread.currentThread().interrupt();
                Throwable failure;
                try {
                    failure = Thrown.of(TokenUnavailableException.class, cache::token);
                    assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
                } finally {
                    Thread.interrupted();
                }

                assertThat(failure).hasMessage("cache-under-test: interrupted while waiting for a token refresh");
                assertThat(((TokenUnavailableException) failure).retryable()).isTrue();
            }
        }

        @Test
        void aRefreshTheExecutorRefusesIsAFailedRefreshThatBacksOff() {
            AtomicInteger refused = new AtomicInteger();
            Executor refusing = task -> {
                refused.incrementAndGet();
                throw new RejectedExecutionException("queue full");
            };
            try (RefreshingTokenCache cache = cache(refusing, RefreshSettings.defaults(), () -> 0.0, heard)) {
                cache.token();
                at(staleAt);

                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(refused.get()).isEqualTo(1);
                assertThat(CapturedLogs.containing("token refresh failed (1 in a row)"))
                        .singleElement().asString().contains("the executor refused the token refresh", "stays in use");

                // A gap of 5 s before the next attempt, as after any failed refresh.
                at(staleAt + 4_999);
                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(refused.get()).isEqualTo(1);
                at(staleAt + 5_000);
                assertThat(cache.token().value()).isEqualTo("tok-1");
                assertThat(refused.get()).isEqualTo(2);

                // Expired: the caller refreshes on its own thread, without the executor.
                at(blockAt);
                assertThat(cache.token().value()).isEqualTo("tok-2");
                assertThat(refused.get()).isEqualTo(2);
                assertThat(source.fetches.get()).isEqualTo(2);
            }
        }

        @Test
        void aRefreshFinishingAfterCloseIsNotInstalledAndNoListenerHearsOfIt() throws Exception {
            CountDownLatch fetchStarted = new CountDownLatch(1);
            CountDownLatch releaseFetch = new CountDownLatch(1);
            source.answer = n -> {
                if (n == 2) {
                    fetchStarted.countDown();
                    awaitQuietly(releaseFetch);
                }
                return tokenFor("tok-" + n, Duration.ofHours(1));
            };
            TokenStore store = TokenStore.inMemory();
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                RefreshingTokenCache cache = new RefreshingTokenCache("cache-under-test", source, clock, executor, store,
                        "key", RefreshSettings.defaults(), List.of(heard), () -> 0.0);
                cache.token();
                at(staleAt);
                cache.token();                                  // the refresh starts in the background
                assertThat(fetchStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                at(blockAt);
                Caller caller = new Caller(cache);              // expired: waits for that refresh
                caller.awaitWaitingForARefresh();

                cache.close();
                releaseFetch.countDown();
                executor.shutdown();
                assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

                assertThat(caller.failure()).isInstanceOf(TokenUnavailableException.class).hasMessageContaining("closed");
                assertThat(cache.state()).isEqualTo(TokenState.EXPIRED);
                assertThat(Thrown.of(TokenUnavailableException.class, cache::token)).hasMessageContaining("closed");
                assertThat(heard.tokens).containsExactly("tok-1");
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED");
                assertThat(store.load("key").orElseThrow().value()).isEqualTo("tok-1");
                assertThat(source.fetches.get()).isEqualTo(2);
            } finally {
                releaseFetch.countDown();
                executor.shutdownNow();
            }
        }

        @Test
        void aFailedRefreshFinishingAfterCloseStartsNoGapAndLogsNoWarning() throws Exception {
            CountDownLatch fetchStarted = new CountDownLatch(1);
            CountDownLatch releaseFetch = new CountDownLatch(1);
            source.answer = n -> {
                if (n == 2) {
                    fetchStarted.countDown();
                    awaitQuietly(releaseFetch);
                    throw failure();
                }
                return tokenFor("tok-" + n, Duration.ofHours(1));
            };
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                RefreshingTokenCache cache = cache(executor, RefreshSettings.defaults(), () -> 0.0, heard);
                cache.token();
                at(staleAt);
                cache.token();
                assertThat(fetchStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

                cache.close();
                releaseFetch.countDown();
                executor.shutdown();
                assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

                assertThat(CapturedLogs.containing("token refresh failed")).isEmpty();
                assertThat(heard.changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED");
            } finally {
                releaseFetch.countDown();
                executor.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
