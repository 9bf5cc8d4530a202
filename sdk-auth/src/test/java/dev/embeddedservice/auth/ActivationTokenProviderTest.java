package dev.embeddedservice.auth;

import static dev.embeddedservice.auth.ActivationServer.error;
import static dev.embeddedservice.auth.ActivationServer.json;
import static dev.embeddedservice.auth.ActivationServer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.SubscriptionInactiveException;
import dev.embeddedservice.exception.TokenUnavailableException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token lifecycle of design.md against a real activation service on loopback, driven by a
 * simulated clock: fresh, stale, expired, backoff, invalidation, listeners, store, close.
 */
class ActivationTokenProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
    private final Instant start = clock.instant();
    private ActivationServer server;
    private TrackingExecutor executor;

    @BeforeEach
    void startServer() throws IOException {
        CapturedLogs.clear();
        server = new ActivationServer(clock);
        executor = new TrackingExecutor();
    }

    @AfterEach
    void stopServer() {
        executor.close();
        server.close();
        assertThat(CapturedLogs.containing(ActivationServer.LICENSE_KEY)).as("license key in the logs").isEmpty();
        assertThat(CapturedLogs.containing("tok-")).as("token in the logs").isEmpty();
    }

    private ActivationTokenProvider.Builder builder() {
        return ActivationTokenProvider.builder()
                .activationConfig(server.config())
                .clock(clock)
                .sleeper(clock.sleeper())
                .executor(executor);
    }

    private void at(long secondsAfterStart) {
        clock.set(start.plusSeconds(secondsAfterStart));
    }

    private void awaitBackgroundRefreshes() throws Exception {
        executor.awaitIdle(WAIT);
    }

    @Nested
    class Lifecycle {

        @Test
        void theFirstCallActivatesAndFreshCallsReuseTheToken() {
            try (ActivationTokenProvider tokens = builder().build()) {
                AuthToken first = tokens.token();
                for (int i = 0; i < 1000; i++) {
                    assertThat(tokens.token()).isSameAs(first);
                }
                assertThat(first.value()).isEqualTo("tok-1");
                assertThat(first.config().endpointName()).contains("esvc-test");
                assertThat(server.activations()).isEqualTo(1);
            }
        }

        @Test
        void buildingMakesNoRequest() {
            try (ActivationTokenProvider tokens = builder().build()) {
                assertThat(tokens.activationConfig().productCode()).isEqualTo(ActivationServer.PRODUCT_CODE);
                assertThat(server.activations()).isZero();
            }
        }

        @Test
        void prefetchStartsBelowHalfTheLifetimeForShortTokens() throws Exception {
            server.expiresIn(60);
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(22); // 38 s left: above half the lifetime even with the largest jitter (37.5 s)
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(1);

                at(30); // 30 s left: half the lifetime, stale whatever the jitter
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(2);
                assertThat(tokens.token().value()).isEqualTo("tok-2");
            }
        }

        @Test
        void prefetchStartsFiveMinutesBeforeExpiryForLongTokens() throws Exception {
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(3600 - 376); // 6 min 16 s left: above 5 min plus the largest jitter
                tokens.token();
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(1);

                at(3600 - 300);
                tokens.token();
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(2);
            }
        }

        @Test
        void staleCallersGetTheCurrentTokenAtOnceWhileOneRefreshRuns() throws Exception {
            CountDownLatch refreshArrived = new CountDownLatch(1);
            CountDownLatch releaseRefresh = new CountDownLatch(1);
            server.respond(n -> {
                if (n == 2) {
                    refreshArrived.countDown();
                    awaitQuietly(releaseRefresh);
                }
                return token("tok-" + n, 3600);
            });
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(3400);

                assertThat(tokens.token().value()).isEqualTo("tok-1");
                assertThat(refreshArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                // The refresh is held at the server: callers keep getting the current token, and no second refresh starts.
                for (int i = 0; i < 100; i++) {
                    assertThat(tokens.token().value()).isEqualTo("tok-1");
                }
                assertThat(executor.submitted()).isEqualTo(1);

                releaseRefresh.countDown();
                awaitBackgroundRefreshes();
                assertThat(tokens.token().value()).isEqualTo("tok-2");
                assertThat(server.activations()).isEqualTo(2);
            }
        }

        @Test
        void callersOfAnExpiredTokenWaitForOneRefresh() throws Exception {
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(3600);
                List<AuthToken> seen = callConcurrently(16, tokens::token);

                assertThat(seen).extracting(AuthToken::value).containsOnly("tok-2");
                assertThat(server.activations()).isEqualTo(2);
                assertThat(executor.submitted()).isZero();
            }
        }

        @Test
        void inTheExpiryMarginCallersWaitForTheRefresh() {
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(3600 - 5); // inside the default 10 s expiry margin

                assertThat(tokens.token().value()).isEqualTo("tok-2");
                assertThat(executor.submitted()).isZero();
            }
        }

        @Test
        void listenersHearOfEachNewTokenAndItsConfig() throws Exception {
            server.respond(n -> json(200, "{\"token\":\"tok-" + n + "\",\"expiresIn\":3600,"
                    + "\"config\":{\"maxRecordsPerInvocation\":" + (1000 / n) + "}}"));
            List<AuthToken> heard = new CopyOnWriteArrayList<>();
            try (ActivationTokenProvider tokens = builder().addListener(heard::add).build()) {
                List<AuthToken> heardLater = new CopyOnWriteArrayList<>();
                tokens.addListener(heardLater::add);

                AuthToken first = tokens.token();
                at(3400);
                tokens.token();
                awaitBackgroundRefreshes();
                tokens.invalidate(tokens.token());
                tokens.token();

                assertThat(heard).extracting(AuthToken::value).containsExactly("tok-1", "tok-2", "tok-3");
                assertThat(heard).extracting(t -> t.config().maxRecordsPerInvocation().orElseThrow())
                        .containsExactly(1000, 500, 333);
                assertThat(heardLater).isEqualTo(heard);
                assertThat(heard.get(0)).isEqualTo(first);
            }
        }

        @Test
        void stateFollowsTheTokenThroughItsLifeAndListenersHearEachChange() {
            List<String> changes = new CopyOnWriteArrayList<>();
            TokenListener listener = new TokenListener() {
                @Override
                public void onNewToken(AuthToken token) {
                }

                @Override
                public void onStateChanged(TokenState from, TokenState to) {
                    changes.add(from + ">" + to);
                }
            };
            // Jitter pinned to 0: stale 5 min before expiry, expired 10 s before it.
            ActivationTokenProvider tokens = builder().random(() -> 0.0).addListener(listener)
                    .executor(task -> { }).build();
            assertThat(tokens.state()).isEqualTo(TokenState.EXPIRED);

            tokens.token();
            assertThat(tokens.state()).isEqualTo(TokenState.FRESH);
            at(3300);
            assertThat(tokens.state()).isEqualTo(TokenState.STALE);
            tokens.token();
            at(3590);
            assertThat(tokens.state()).isEqualTo(TokenState.EXPIRED);
            tokens.close();
            assertThat(tokens.state()).isEqualTo(TokenState.EXPIRED);

            assertThat(changes).containsExactly("EXPIRED>FRESH", "FRESH>STALE", "STALE>EXPIRED");
        }

        @Test
        void theRandomSourceOfTheBuilderPlacesTheRefreshPoint() {
            // A quarter of the 5 min margin, times just below 1: 74.999 s earlier than 5 min before expiry.
            try (ActivationTokenProvider tokens = builder().random(() -> Math.nextDown(1.0)).build()) {
                tokens.token();

                clock.set(start.plusMillis(3_225_000));
                assertThat(tokens.state()).isEqualTo(TokenState.FRESH);
                clock.set(start.plusMillis(3_225_001));
                assertThat(tokens.state()).isEqualTo(TokenState.STALE);
            }
        }

        @Test
        void aFailingListenerDoesNotBreakTheProvider() {
            try (ActivationTokenProvider tokens = builder().addListener(t -> {
                throw new IllegalStateException("listener bug");
            }).build()) {
                assertThat(tokens.token().value()).isEqualTo("tok-1");
            }
        }
    }

    @Nested
    class Concurrency {

        /**
         * 64 threads call {@code token()} through three token lifetimes. The clock moves in steps;
         * in each step every thread makes 20 calls, then background refreshes are let finish. With
         * 60 s steps refreshes happen in the stale window, in the background; with 600 s steps the
         * clock lands on expiry and all 64 threads wait for one refresh.
         */
        @ParameterizedTest(name = "clock steps of {0} s")
        @ValueSource(ints = {60, 600})
        void sixtyFourThreadsAcrossThreeLifetimesActivateOncePerRefreshDue(int stepSeconds) throws Exception {
            int threads = 64;
            int callsPerStep = 20;
            long lifetime = 3600;
            int steps = (int) (3 * lifetime / stepSeconds);
            Map<String, AuthToken> handedOut = new ConcurrentHashMap<>();
            AtomicInteger expiredHandedOut = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CyclicBarrier barrier = new CyclicBarrier(threads + 1);

            try (ActivationTokenProvider tokens = builder().build()) {
                ExecutorService callers = Executors.newFixedThreadPool(threads);
                for (int t = 0; t < threads; t++) {
                    callers.execute(() -> {
                        try {
                            for (int step = 0; step <= steps; step++) {
                                barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                                for (int i = 0; i < callsPerStep; i++) {
                                    long now = clock.millis(); // the clock stands still during a step
                                    AuthToken token = tokens.token();
                                    if (token.expiresAt().toEpochMilli() <= now) {
                                        expiredHandedOut.incrementAndGet();
                                    }
                                    handedOut.putIfAbsent(token.value(), token);
                                }
                                barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            barrier.reset();
                        }
                    });
                }
                try {
                    for (int step = 0; step <= steps; step++) {
                        at((long) step * stepSeconds);
                        barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS); // go
                        barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS); // all calls of this step made
                        awaitBackgroundRefreshes();
                    }
                } catch (java.util.concurrent.BrokenBarrierException e) {
                    throw new AssertionError("a caller failed", failure.get());
                } finally {
                    callers.shutdownNow();
                    callers.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }

            assertThat(failure.get()).isNull();
            assertThat(expiredHandedOut.get()).isZero();
            // A refresh is due for every token whose prefetch point (5 min before expiry at the latest) was reached.
            long end = start.plusSeconds(3 * lifetime).toEpochMilli();
            long refreshesDue = handedOut.values().stream()
                    .filter(t -> t.expiresAt().toEpochMilli() - Duration.ofMinutes(5).toMillis() <= end)
                    .count();
            assertThat(server.activations()).isEqualTo(1 + (int) refreshesDue).isEqualTo(4);
            assertThat(handedOut).hasSize(4);
            // No refresh started before the earliest prefetch point of the token it replaced.
            List<Long> activations = server.activationMillis();
            for (int i = 1; i < activations.size(); i++) {
                long previousExpiry = activations.get(i - 1) + lifetime * 1000;
                assertThat(activations.get(i)).isGreaterThanOrEqualTo(previousExpiry - 375_000);
            }
        }

        @Test
        void concurrentFirstCallersShareOneActivation() throws Exception {
            try (ActivationTokenProvider tokens = builder().build()) {
                List<AuthToken> seen = callConcurrently(32, tokens::token);

                assertThat(seen).extracting(AuthToken::value).containsOnly("tok-1");
                assertThat(server.activations()).isEqualTo(1);
            }
        }

        @Test
        void fiftyThreadsInvalidatingTheSameTokenCauseExactlyOneActivation() throws Exception {
            try (ActivationTokenProvider tokens = builder().build()) {
                AuthToken refused = tokens.token();

                List<AuthToken> seen = callConcurrently(50, () -> {
                    tokens.invalidate(refused);
                    return tokens.token();
                });

                assertThat(seen).extracting(AuthToken::value).containsOnly("tok-2");
                assertThat(server.activations()).isEqualTo(2);
            }
        }

        @Test
        void invalidatingATokenAlreadyReplacedDoesNothing() {
            try (ActivationTokenProvider tokens = builder().build()) {
                AuthToken first = tokens.token();
                tokens.invalidate(first);
                AuthToken second = tokens.token();

                tokens.invalidate(first);

                assertThat(tokens.token()).isSameAs(second);
                assertThat(server.activations()).isEqualTo(2);
            }
        }

        @Test
        void theFreshPathAllocatesNothing() {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
            threads.setThreadAllocatedMemoryEnabled(true);
            try (ActivationTokenProvider tokens = ActivationTokenProvider.builder()
                    .activationConfig(server.config()).executor(executor).clock(Clock.systemUTC()).build()) {
                AuthToken token = tokens.token();
                long mismatches = 0;
                for (int i = 0; i < 50_000; i++) {
                    mismatches += tokens.token() == token ? 0 : 1;
                }
                long threadId = Thread.currentThread().getId();
                threads.getThreadAllocatedBytes(threadId);
                long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < 1_000_000; i++) {
                    mismatches += tokens.token() == token ? 0 : 1;
                }
                long allocated = threads.getThreadAllocatedBytes(threadId) - before;

                assertThat(mismatches).isZero();
                // One allocation per call would be at least 16 MB here.
                assertThat(allocated).isLessThan(4096);
            }
        }
    }

    @Nested
    class Failures {

        @Test
        void aFailingRefreshKeepsServingTheValidTokenAndBacksOff() throws Exception {
            server.respond(n -> n == 1 ? token("tok-1", 3600) : error(403, "SUBSCRIPTION_INACTIVE", "lapsed"));
            // No jitter: the gaps are exactly 5 s and 10 s.
            try (ActivationTokenProvider tokens = builder().random(() -> 0.0).build()) {
                tokens.token();
                at(3400);

                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(2);

                // Within the first gap no new attempt, the valid token is served.
                clock.advance(Duration.ofMillis(4999));
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(2);

                clock.advance(Duration.ofMillis(1));
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(3);

                // The second gap is twice as long.
                clock.advance(Duration.ofMillis(9999));
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(3);

                clock.advance(Duration.ofMillis(1));
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(4);

                List<Long> attempts = server.activationMillis();
                assertThat(attempts.get(2) - attempts.get(1)).isEqualTo(5_000);
                assertThat(attempts.get(3) - attempts.get(2)).isEqualTo(10_000);

                assertThat(CapturedLogs.containing("token refresh failed")).hasSize(3)
                        .allMatch(line -> line.startsWith("WARN") && line.contains("stays in use"));

                // After the real expiry: a typed exception whose cause is the last failure.
                at(3600);
                TokenUnavailableException e = Thrown.of(TokenUnavailableException.class, tokens::token);
                assertThat(e.getCause()).isInstanceOf(SubscriptionInactiveException.class);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("not active");
                assertThat(server.activations()).isEqualTo(5);

                // Still backing off: the same failure at once, without a request.
                TokenUnavailableException again = Thrown.of(TokenUnavailableException.class, tokens::token);
                assertThat(again.getCause()).isSameAs(e.getCause());
                assertThat(server.activations()).isEqualTo(5);
            }
        }

        @Test
        void afterExpiryARetryableFailureMakesARetryableException() {
            server.respond(n -> n == 1 ? token("tok-1", 3600) : error(503, "UNAVAILABLE", "down"));
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(3600);

                TokenUnavailableException e = Thrown.of(TokenUnavailableException.class, tokens::token);

                assertThat(e.retryable()).isTrue();
                assertThat(e.getCause()).isExactlyInstanceOf(ActivationException.class);
                assertThat(((ActivationException) e.getCause()).statusCode()).contains(503);
            }
        }

        @Test
        void aFailedRefreshInTheExpiryMarginStillServesTheValidToken() {
            server.respond(n -> n == 1 ? token("tok-1", 3600) : error(403, "SUBSCRIPTION_INACTIVE", "lapsed"));
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.token();
                at(3600 - 5);

                assertThat(tokens.token().value()).isEqualTo("tok-1");
                assertThat(server.activations()).isEqualTo(2);
            }
        }

        @Test
        void anInvalidatedTokenIsNotServedWhenItsRefreshFails() {
            server.respond(n -> n == 1 ? token("tok-1", 3600) : error(401, "INVALID_CREDENTIALS", "revoked"));
            try (ActivationTokenProvider tokens = builder().build()) {
                tokens.invalidate(tokens.token());

                TokenUnavailableException e = Thrown.of(TokenUnavailableException.class, tokens::token);

                assertThat(e.getCause()).isInstanceOf(InvalidCredentialsException.class);
            }
        }

        @Test
        void invalidatingTheTokenDuringTheGapAfterAFailedRefreshForcesExactlyOneAttempt() throws Exception {
            server.respond(n -> switch (n) {
                case 1 -> token("tok-1", 3600);
                case 2 -> error(403, "SUBSCRIPTION_INACTIVE", "lapsed, then renewed");
                default -> token("tok-" + n, 3600);
            });
            try (ActivationTokenProvider tokens = builder().build()) {
                AuthToken first = tokens.token();
                at(3400);
                assertThat(tokens.token()).isEqualTo(first);   // stale: a background refresh, which fails
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(2);
                clock.advance(Duration.ofSeconds(1));          // inside the 5 s gap: no attempt of its own
                assertThat(tokens.token()).isEqualTo(first);
                awaitBackgroundRefreshes();
                assertThat(server.activations()).isEqualTo(2);

                for (int i = 0; i < 10; i++) {
                    tokens.invalidate(first);                    // the endpoint refused it (401)
                }

                assertThat(tokens.token().value()).isEqualTo("tok-3");
                assertThat(server.activations()).isEqualTo(3);
                tokens.invalidate(first);                        // already replaced: nothing happens
                assertThat(tokens.token().value()).isEqualTo("tok-3");
                assertThat(server.activations()).isEqualTo(3);
            }
        }

        @Test
        void theNextAttemptAfterTheGapSucceeds() {
            server.respond(n -> n == 1 ? error(400, "INVALID_REQUEST", "x") : token("tok-" + n, 3600));
            try (ActivationTokenProvider tokens = builder().build()) {
                assertThatThrownBy(tokens::token).isInstanceOf(TokenUnavailableException.class);
                assertThatThrownBy(tokens::token).isInstanceOf(TokenUnavailableException.class);
                assertThat(server.activations()).isEqualTo(1);

                clock.advance(Duration.ofSeconds(6));

                assertThat(tokens.token().value()).isEqualTo("tok-2");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.embeddedservice.auth.ActivationTokenProviderTest#refusals")
        void aRefusedFirstActivationIsTokenUnavailableWithTheTypedCause(String row, MockResponse answer,
                                                                          Class<?> cause, boolean retryable) {
            server.respond(n -> answer);
            try (ActivationTokenProvider tokens = builder()
                    .activationConfig(server.configBuilder().activationDeadline(Duration.ofSeconds(2)).build())
                    .build()) {
                TokenUnavailableException e = Thrown.of(TokenUnavailableException.class, tokens::token);

                assertThat(e.getCause()).isExactlyInstanceOf(cause);
                assertThat(e.retryable()).isEqualTo(retryable);
                assertThat(e.getMessage()).doesNotContain(ActivationServer.LICENSE_KEY);
            }
        }
    }

    @Nested
    class RequestIds {

        @Test
        void theCauseOfTokenUnavailableCarriesTheRequestIdOfTheRefusal() {
            server.respond(n -> new MockResponse.Builder(error(403, "SUBSCRIPTION_INACTIVE", "lapsed"))
                    .setHeader("x-amzn-RequestId", "c0ffee00-1111-2222-3333-444455556666").build());
            try (ActivationTokenProvider tokens = builder().build()) {
                TokenUnavailableException e = Thrown.of(TokenUnavailableException.class, tokens::token);

                SubscriptionInactiveException cause = (SubscriptionInactiveException) e.getCause();
                assertThat(cause.requestId()).contains("c0ffee00-1111-2222-3333-444455556666");
                assertThat(cause.statusCode()).contains(403);
                // The message quotes it too, so the log line is enough to ask the partner.
                assertThat(e.getMessage()).contains("request id c0ffee00-1111-2222-3333-444455556666");
            }
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("400 INVALID_REQUEST", error(400, "INVALID_REQUEST", "x"), ActivationException.class, false),
                Arguments.of("401 INVALID_CREDENTIALS", error(401, "INVALID_CREDENTIALS", "x"),
                        InvalidCredentialsException.class, false),
                Arguments.of("403 SUBSCRIPTION_INACTIVE", error(403, "SUBSCRIPTION_INACTIVE", "x"),
                        SubscriptionInactiveException.class, false),
                Arguments.of("429 RATE_LIMITED", new MockResponse.Builder(error(429, "RATE_LIMITED", "x"))
                        .setHeader("Retry-After", "30").build(), ActivationRateLimitedException.class, true),
                Arguments.of("503", error(503, "UNAVAILABLE", "x"), ActivationException.class, true),
                Arguments.of("200 not JSON", json(200, "<html>"), ProtocolViolationException.class, false),
                Arguments.of("200 expiresIn 0", json(200, "{\"token\":\"t\",\"expiresIn\":0}"),
                        ProtocolViolationException.class, false),
                Arguments.of("200 token too long", token("x".repeat(1019), 60), ProtocolViolationException.class, false));
    }

    @Nested
    class Closing {

        @Test
        void closeEndsTheProvidersOwnRefreshThread() throws Exception {
            AtomicReference<Thread> refreshThread = new AtomicReference<>();
            CountDownLatch refreshed = new CountDownLatch(1);
            ActivationTokenProvider tokens = ActivationTokenProvider.builder()
                    .activationConfig(server.config()).clock(clock).sleeper(clock.sleeper())
                    .addListener(token -> {
                        if (token.value().equals("tok-2")) {
                            refreshThread.set(Thread.currentThread());
                            refreshed.countDown();
                        }
                    })
                    .build();
            tokens.token();
            at(3400);
            tokens.token();
            assertThat(refreshed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Thread thread = refreshThread.get();
            assertThat(thread.getName()).startsWith("embedded-service-token-refresh-");

            tokens.close();

            assertThat(thread.isAlive()).isFalse();
            assertThat(liveThreadsNamed(thread.getName())).isEmpty();
        }

        @Test
        void callsAfterCloseFailAndCloseIsIdempotent() {
            ActivationTokenProvider tokens = builder().build();
            tokens.token();

            tokens.close();
            tokens.close();

            TokenUnavailableException e = Thrown.of(TokenUnavailableException.class, tokens::token);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("closed");
        }

        @Test
        void closeDoesNotShutDownAGivenExecutor() throws Exception {
            ActivationTokenProvider tokens = builder().build();
            tokens.token();
            tokens.close();

            CountDownLatch ran = new CountDownLatch(1);
            executor.execute(ran::countDown);
            assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        @Test
        void closeDoesNotShutDownAGivenHttpClient() throws Exception {
            OkHttpClient shared = new OkHttpClient();
            try {
                ActivationTokenProvider tokens = builder().httpClient(shared).build();
                tokens.token();

                tokens.close();

                assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
                assertThat(shared.connectionPool().idleConnectionCount()).isEqualTo(1);
                assertThat(server.openConnections()).isEqualTo(1);
                Request request = new Request.Builder().url(server.url() + "v1/activate")
                        .post(RequestBody.create(new byte[0])).build();
                try (Response response = shared.newCall(request).execute()) {
                    assertThat(response.code()).isEqualTo(200);
                }
            } finally {
                shared.dispatcher().executorService().shutdown();
                shared.connectionPool().evictAll();
            }
        }

        @Test
        void closeReleasesTheHttpClientTheProviderCreated() throws Exception {
            ActivationTokenProvider tokens = builder().build();
            tokens.token();
            assertThat(server.openConnections()).isEqualTo(1);

            tokens.close();

            assertThat(server.awaitNoOpenConnections(WAIT)).as("the provider's pooled connection is closed").isTrue();
        }

        private Set<Thread> liveThreadsNamed(String name) {
            Set<Thread> live = ConcurrentHashMap.newKeySet();
            Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name) && t.isAlive())
                    .forEach(live::add);
            return live;
        }
    }

    @Nested
    class Store {

        @TempDir
        Path dir;

        @Test
        void aProviderStartingWithAValidStoredTokenDoesNotActivate() {
            FileTokenStore store = FileTokenStore.builder().file(dir.resolve("tokens.json")).clock(clock).build();
            try (ActivationTokenProvider first = builder().tokenStore(store).build()) {
                assertThat(first.token().value()).isEqualTo("tok-1");
            }
            List<AuthToken> heard = new CopyOnWriteArrayList<>();
            try (ActivationTokenProvider second = builder().tokenStore(store).addListener(heard::add).build()) {
                clock.advance(Duration.ofMinutes(30));

                AuthToken token = second.token();

                assertThat(token.value()).isEqualTo("tok-1");
                assertThat(token.config().endpointName()).contains("esvc-test");
                assertThat(token.expiresAt()).isEqualTo(start.plusSeconds(3600));
                assertThat(heard).containsExactly(token);
                assertThat(server.activations()).isEqualTo(1);
            }
        }

        @Test
        void aStoredTokenForAnotherProductIsNeverServed() {
            TokenStore store = TokenStore.inMemory();
            try (ActivationTokenProvider first = builder().tokenStore(store).build()) {
                first.token();
            }
            ActivationConfig otherProduct = server.configBuilder().productCode("prod-other").build();
            try (ActivationTokenProvider second = builder().activationConfig(otherProduct).tokenStore(store).build()) {
                assertThat(second.token().value()).isEqualTo("tok-2");
                assertThat(server.activations()).isEqualTo(2);
            }
        }

        @Test
        void aStoredTokenForAnotherActivationUrlIsNeverServed() throws IOException {
            TokenStore store = TokenStore.inMemory();
            try (ActivationTokenProvider first = builder().tokenStore(store).build()) {
                first.token();
            }
            try (ActivationServer other = new ActivationServer(clock);
                 ActivationTokenProvider second = builder().activationConfig(other.config()).tokenStore(store).build()) {
                other.respond(n -> token("other-" + n, 3600));
                assertThat(second.token().value()).isEqualTo("other-1");
                assertThat(other.activations()).isEqualTo(1);
            }
        }

        /**
         * The key a token is stored under, as FileTokenStore documents it: "activation", the
         * activation URL without a trailing slash, the product code.
         */
        private String storeKey() {
            return "activation " + server.url().replaceAll("/$", "") + " " + ActivationServer.PRODUCT_CODE;
        }

        @Test
        void aStoredTokenIsKeptUnderTheActivationUrlAndTheProductCode() {
            TokenStore store = TokenStore.inMemory();
            store.save(storeKey(), AuthToken.of("stored", start.plus(Duration.ofHours(1)), ServiceConfig.empty()));
            try (ActivationTokenProvider tokens = builder().tokenStore(store).build()) {
                assertThat(tokens.token().value()).isEqualTo("stored");
                assertThat(server.activations()).isZero();
            }
        }

        @Test
        void aStoredTokenWithinThePrefetchMarginOfExpiryIsNotUsed() {
            TokenStore store = TokenStore.inMemory();
            store.save(storeKey(), AuthToken.of("stored", start.plus(Duration.ofMinutes(4)), ServiceConfig.empty()));
            try (ActivationTokenProvider tokens = builder().tokenStore(store).build()) {
                assertThat(tokens.token().value()).isEqualTo("tok-1");
                assertThat(store.load(storeKey()).orElseThrow().value()).isEqualTo("tok-1");
            }
        }

        @Test
        void aProviderAdoptsTheTokenItsNeighbourAlreadyRefreshed() throws Exception {
            FileTokenStore store = FileTokenStore.builder().file(dir.resolve("tokens.json")).clock(clock).build();
            try (ActivationTokenProvider a = builder().tokenStore(store).build();
                 ActivationTokenProvider b = builder().tokenStore(store).build()) {
                assertThat(a.token().value()).isEqualTo("tok-1");
                assertThat(b.token().value()).isEqualTo("tok-1");
                at(3400);
                a.token();
                awaitBackgroundRefreshes();
                assertThat(a.token().value()).isEqualTo("tok-2");

                b.token();
                awaitBackgroundRefreshes();

                assertThat(b.token().value()).isEqualTo("tok-2");
                assertThat(server.activations()).isEqualTo(2);
            }
        }
    }

    @Nested
    class Building {

        @Test
        void anActivationConfigIsRequired() {
            assertThatThrownBy(() -> ActivationTokenProvider.builder().build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("activationConfig");
            assertThatThrownBy(() -> ActivationTokenProvider.create(null))
                    .isInstanceOf(InvalidConfigurationException.class);
        }

        @Test
        void refreshSettingsAreValidated() {
            assertThatThrownBy(() -> builder().minRefreshInterval(Duration.ofMinutes(10)).build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("maxRefreshInterval");
            assertThatThrownBy(() -> builder().prefetchJitter(1.5).build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("prefetchJitter");
            assertThatThrownBy(() -> builder().prefetchMargin(Duration.ofSeconds(-1)).build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("prefetchMargin");
        }

        @Test
        void toStringNamesTheProductAndNoSecret() {
            try (ActivationTokenProvider tokens = ActivationTokenProvider.create(server.config())) {
                assertThat(tokens.toString()).contains(ActivationServer.PRODUCT_CODE)
                        .doesNotContain(ActivationServer.LICENSE_KEY);
            }
        }
    }

    private static <T> List<T> callConcurrently(int threads, java.util.concurrent.Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
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
