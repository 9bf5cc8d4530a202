package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.TokenProvider;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenGenerationsTest {

    private static AuthToken token(String value) {
        return AuthToken.of(value, Instant.parse("2030-01-01T00:00:00Z"), ServiceConfig.empty());
    }

    /** Hands out the given tokens in order, the last one again and again. */
    private static final class Handing implements TokenProvider {
        private final Deque<AuthToken> next;
        private AuthToken last;
        final List<AuthToken> invalidated = new ArrayList<>();

        Handing(AuthToken... tokens) {
            next = new ArrayDeque<>(List.of(tokens));
        }

        @Override
        public AuthToken token() {
            if (!next.isEmpty()) {
                last = next.poll();
            }
            return last;
        }

        @Override
        public void invalidate(AuthToken token) {
            invalidated.add(token);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eachNewTokenIsOneGenerationNewer() {
        TokenGenerations generations = new TokenGenerations(new Handing(token("a"), token("b"), token("c")));
        assertThat(generations.newestGeneration()).isZero();

        assertThat(generations.current().generation()).isEqualTo(1);
        assertThat(generations.current().generation()).isEqualTo(2);
        assertThat(generations.current().generation()).isEqualTo(3);
        assertThat(generations.current().generation()).as("the same token again").isEqualTo(3);
        assertThat(generations.newestGeneration()).isEqualTo(3);
    }

    @Test
    void anOlderTokenHandedOutAgainKeepsItsGenerationAndWhatItDid() {
        AuthToken a = token("a");
        TokenGenerations generations = new TokenGenerations(new Handing(a, token("b"), token("a")));
        TokenGenerations.Seen first = generations.current();
        first.markSucceeded();
        generations.current();

        TokenGenerations.Seen again = generations.current();

        assertThat(again).isSameAs(first);
        assertThat(again.generation()).isEqualTo(1);
        assertThat(again.succeeded()).isTrue();
        assertThat(generations.newestGeneration()).isEqualTo(2);
    }

    @Test
    void onlyTheLastEightTokensAreRemembered() {
        AuthToken[] tokens = new AuthToken[10];
        for (int i = 0; i < 9; i++) {
            tokens[i] = token("t" + i);
        }
        tokens[9] = token("t0");
        TokenGenerations generations = new TokenGenerations(new Handing(tokens));
        for (int i = 0; i < 9; i++) {
            assertThat(generations.current().generation()).isEqualTo(i + 1);
        }

        assertThat(generations.current().generation()).as("t0, forgotten, is a new token again").isEqualTo(10);
    }

    @Test
    void theEighthNewestIsStillRemembered() {
        AuthToken[] tokens = new AuthToken[9];
        for (int i = 0; i < 8; i++) {
            tokens[i] = token("t" + i);
        }
        tokens[8] = token("t0");
        TokenGenerations generations = new TokenGenerations(new Handing(tokens));
        for (int i = 0; i < 8; i++) {
            generations.current();
        }

        assertThat(generations.current().generation()).isEqualTo(1);
    }

    @Test
    void aTokenWithACallAwaitingItsAnswerMayHaveSucceeded() {
        TokenGenerations.Seen seen = new TokenGenerations(new Handing(token("a"))).current();
        assertThat(seen.neverSucceeded()).isTrue();

        seen.sending();
        seen.sending();
        assertThat(seen.neverSucceeded()).as("two calls in flight").isFalse();
        seen.answered();
        assertThat(seen.neverSucceeded()).as("one call in flight").isFalse();
        seen.answered();
        assertThat(seen.neverSucceeded()).as("both answered, neither succeeded").isTrue();

        seen.markSucceeded();
        assertThat(seen.neverSucceeded()).isFalse();
    }

    @Test
    void aTokenIsMarkedSucceededOnce() {
        TokenGenerations.Seen seen = new TokenGenerations(new Handing(token("a"))).current();
        assertThat(seen.succeeded()).isFalse();

        seen.markSucceeded();
        seen.markSucceeded();

        assertThat(seen.succeeded()).isTrue();
    }

    @Test
    void invalidatingTellsTheProvider() {
        Handing provider = new Handing(token("a"));
        TokenGenerations generations = new TokenGenerations(provider);

        generations.invalidate(token("a"));

        assertThat(provider.invalidated).containsExactly(token("a"));
    }
}
