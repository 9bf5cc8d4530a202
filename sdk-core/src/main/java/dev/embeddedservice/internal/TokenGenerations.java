package dev.embeddedservice.internal;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.exception.EmbeddedServiceException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's view of its tokens, in the order it first got them: a token first handed out
 * later is newer. The attempt loop uses it to tell a token that was current before a refusal
 * (repeat with the newest) from one activated after it (a refusal of that one persists).
 * Thread-safe; the hot path, the current token again, is one volatile read and a reference
 * comparison.
 */
final class TokenGenerations {

    /**
     * A token and its generation: 1 for the first token this client got, growing by one per new
     * token; and whether a call with it has succeeded (a token that worked and is refused later was
     * revoked, not refused from the start); and how many attempts with it are still waiting for
     * their answer.
     */
    static final class Seen {
        private final AuthToken token;
        private final long generation;
        private volatile boolean succeeded;
        private final AtomicInteger inFlight = new AtomicInteger();

        Seen(AuthToken token, long generation) {
            this.token = token;
            this.generation = generation;
        }

        AuthToken token() {
            return token;
        }

        long generation() {
            return generation;
        }

        boolean succeeded() {
            return succeeded;
        }

        /** A call with this token was answered; cheap to repeat (the common case reads only). */
        void markSucceeded() {
            if (!succeeded) {
                succeeded = true;
            }
        }

        /** An attempt with this token is sent. */
        void sending() {
            inFlight.incrementAndGet();
        }

        /** An attempt with this token has its outcome: marked succeeded first, if it succeeded. */
        void answered() {
            inFlight.decrementAndGet();
        }

        /**
         * Whether no call of the client has succeeded with this token, as far as can be known now:
         * none is marked succeeded and none is still waiting for an answer (a call in flight may
         * have succeeded at the endpoint already, just before the revocation this token's refusal
         * came from). Reads the calls in flight first: a call no longer counted has marked its
         * success.
         */
        boolean neverSucceeded() {
            return inFlight.get() == 0 && !succeeded;
        }
    }

    /** The last few tokens seen, newest first: a caller may still hold a token just replaced. */
    private static final int REMEMBERED = 8;

    private final TokenProvider tokens;
    private volatile Seen[] recent = new Seen[0];
    private long newest;

    TokenGenerations(TokenProvider tokens) {
        this.tokens = tokens;
    }

    /**
     * The provider's current token and its generation.
     *
     * @throws EmbeddedServiceException when the provider has none
     */
    Seen current() {
        AuthToken token = tokens.token();
        Seen[] r = recent;
        if (r.length > 0 && r[0].token() == token) {
            return r[0];
        }
        return observe(token);
    }

    /** The generation of the newest token seen so far (0 before the first). */
    synchronized long newestGeneration() {
        return newest;
    }

    /** Tells the provider that the endpoint refused {@code token}. */
    void invalidate(AuthToken token) {
        tokens.invalidate(token);
    }

    private synchronized Seen observe(AuthToken token) {
        Seen[] r = recent;
        for (Seen s : r) {
            if (s.token().equals(token)) {
                return s;
            }
        }
        Seen seen = new Seen(token, ++newest);
        Seen[] next = new Seen[Math.min(REMEMBERED, r.length + 1)];
        next[0] = seen;
        System.arraycopy(r, 0, next, 1, next.length - 1);
        recent = next;
        return seen;
    }
}
