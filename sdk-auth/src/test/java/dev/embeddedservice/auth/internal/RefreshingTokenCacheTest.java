package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.CapturedLogs;
import dev.embeddedservice.auth.MutableClock;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.Thrown;
import dev.embeddedservice.auth.TokenListener;
import dev.embeddedservice.auth.TokenStore;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
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
        clock.set(java.time.Instant.ofEpochMilli(start + millisAfterStart));
    }

    private RefreshingTokenCache cache(Executor executor, RefreshSettings settings, DoubleSupplier random,
                                       TokenListener... listeners) {
        return new RefreshingTokenCache("cache-under-test", source, clock, executor, TokenStore.inMemory(), "key",
                settings, List.of(listeners), random);
    }

    private RefreshingTokenCache cache(DoubleSupplier random) {
        return cache(Runnable::run, RefreshSettings.defaults(), random);
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
}
