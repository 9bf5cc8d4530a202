package dev.embeddedservice.auth.internal;

import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenListener;
import dev.embeddedservice.auth.TokenState;
import dev.embeddedservice.auth.TokenStore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token cache behind every provider of this module: the AWS SDK's {@code CachedSupplier} and
 * google-auth's {@code OAuth2Credentials} idea, over any {@link TokenSource}.
 *
 * <h2>States of the current token</h2>
 * Each token gets three instants, computed once when it arrives ({@link TokenHolder#of}, which
 * gives the formulas):
 * <ul>
 *   <li><b>fresh</b> until {@code refreshAt}, a margin before expiry moved earlier by a random part
 *       of it, so that short-lived tokens are not refreshed on every call and many clients do not
 *       refresh in step;</li>
 *   <li><b>stale</b> until {@code blockAt}: callers get the current token at once, and one of them
 *       hands one refresh to the executor;</li>
 *   <li><b>expired</b> from {@code blockAt}: callers wait for the one refresh in flight (started
 *       by the first of them, on its own thread, if there is none). If that refresh fails, a token
 *       that has not really expired yet is still served; past its real expiry callers get a
 *       {@link TokenUnavailableException} whose cause is the refresh's failure.</li>
 * </ul>
 * After a failed refresh no new one starts before a gap has passed: a {@link Backoff} from
 * {@code minRefreshInterval} doubling to {@code maxRefreshInterval}, less up to 20 % at random.
 * Until then callers get the still-valid token or, past its expiry, the last failure at once. Both
 * jitters come from one injected random source, so tests can pin every instant.
 *
 * <h2>Reported states</h2>
 * {@link #state()} computes the {@link TokenState} from the current token and the clock. Listeners
 * hear of each change of it as the cache observes it (on the slow path of {@link #token()}, when a
 * refresh ends, when a token is invalidated and at {@link #close()}; never on the fresh hot path),
 * in order ({@link TokenListeners}).
 *
 * <h2>Concurrency</h2>
 * The hot path, a fresh token, is one volatile read of {@link #current} and one
 * {@link Clock#millis()}: no lock, no allocation. Everything else happens under {@link #lock},
 * re-checked after taking it, as in {@code CachedSupplier}. At most one refresh is in flight
 * ({@link #inFlight}); the network call itself runs outside the lock, and waiting callers wait on
 * its future, not on the lock. {@link #invalidate} swaps the holder by compare-and-set, so of many
 * callers invalidating the same token exactly one succeeds, and a token already replaced is never
 * invalidated.
 *
 * <h2>Store</h2>
 * Before each fetch the {@link TokenStore} is consulted ({@link StoredTokens}): a stored token worth
 * adopting saves the fetch, so a new process starts without activating, and a process whose
 * neighbour just refreshed adopts its token. Each fetched token is saved before it is handed out.
 */
public final class RefreshingTokenCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RefreshingTokenCache.class);
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(RefreshingTokenCache.class, "current", TokenHolder.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final TokenSource source;
    private final Clock clock;
    private final Executor executor;
    private final RefreshThreads ownedThreads;
    private final StoredTokens store;
    private final RefreshSettings settings;
    private final DoubleSupplier random;
    private final Backoff failureGap;
    private final TokenListeners listeners;

    /** The current token; {@code null} before the first one and after {@link #close()}. */
    private volatile TokenHolder current;
    private volatile boolean closed;

    private final Object lock = new Object();
    // Guarded by lock:
    private RefreshTask inFlight;
    private Throwable lastFailure;
    private int consecutiveFailures;
    private long nextAttemptAt = Long.MIN_VALUE;
    /** Set by a successful {@link #invalidate}: the next refresh may start inside a failure gap. */
    private boolean attemptOwedToInvalidation;

    /**
     * @param name     names this cache in log lines and messages, such as
     *                 {@code ActivationTokenProvider[prod-4x2kq7]}; never a secret
     * @param executor runs background refreshes; {@code null} for a thread of this cache's own,
     *                 stopped by {@link #close()}. A given executor is not shut down.
     * @param storeKey binds stored tokens to where they came from
     * @param random   the jitter of refresh points and failure gaps: uniform values in {@code [0, 1)},
     *                 such as {@link Backoff#THREAD_LOCAL_RANDOM}
     */
    public RefreshingTokenCache(String name, TokenSource source, Clock clock, Executor executor,
                                TokenStore store, String storeKey, RefreshSettings settings,
                                List<TokenListener> listeners, DoubleSupplier random) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownedThreads = executor == null ? new RefreshThreads() : null;
        this.executor = executor == null ? ownedThreads : executor;
        this.store = new StoredTokens(name, store, storeKey, settings, random);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.failureGap = new Backoff(settings.minRefreshInterval(), 2.0, settings.maxRefreshInterval(), 0.2, random);
        this.listeners = new TokenListeners(name, lock, listeners);
    }

    /**
     * The current valid token. When it is fresh: no lock, no allocation.
     *
     * @throws TokenUnavailableException when there is no valid token and none could be obtained
     */
    public AuthToken token() {
        TokenHolder h = current;
        if (h != null && clock.millis() < h.refreshAt) {
            return h.token;
        }
        return slowToken();
    }

    private AuthToken slowToken() {
        try {
            return awaitToken();
        } finally {
            listeners.deliverStateChanges();
        }
    }

    private AuthToken awaitToken() {
        for (;;) {
            TokenHolder seen;
            boolean stale = false;
            RefreshTask background = null;
            RefreshTask runHere = null;
            RefreshTask waitFor = null;
            synchronized (lock) {
                if (closed) {
                    throw closedException();
                }
                // Re-check: another caller may have refreshed while this one waited for the lock.
                seen = current;
                long now = clock.millis();
                listeners.observe(TokenHolder.stateOf(seen, now));
                if (seen != null && now < seen.refreshAt) {
                    return seen.token;
                }
                boolean valid = seen != null && seen.validAt(now);
                boolean mayAttempt = now >= nextAttemptAt || attemptOwedToInvalidation;
                if (valid && now < seen.blockAt) {
                    // Stale: everyone keeps the current token; one refresh goes to the background.
                    stale = true;
                    if (inFlight == null && mayAttempt) {
                        background = startRefresh(seen);
                    }
                } else {
                    if (inFlight == null) {
                        if (!mayAttempt) {
                            // Backing off after a failure: the token while it really lasts, then the failure.
                            if (valid) {
                                return seen.token;
                            }
                            throw unavailable(lastFailure);
                        }
                        // Expired or invalidated, nothing in flight: this caller refreshes, on its own thread.
                        runHere = startRefresh(seen);
                    }
                    waitFor = inFlight;
                }
            }
            // Before any wait: listeners hear that the token went stale or expired when it did.
            listeners.deliverStateChanges();
            if (stale) {
                if (background != null) {
                    dispatch(background);
                }
                return seen.token;
            }
            if (runHere != null) {
                runHere.run();
            }
            AuthToken token = await(waitFor);
            if (token != null) {
                return token;
            }
            // The new token expired before it could be handed out (a clock jump): look again.
        }
    }

    /** The token the refresh produced, {@code null} if it is already expired; or the failure. */
    private AuthToken await(RefreshTask task) {
        TokenHolder fresh;
        try {
            fresh = task.future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException(name + ": interrupted while waiting for a token refresh", true, e);
        } catch (CancellationException e) {
            throw closedException();
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            // The refresh failed. A token that really is still valid is still served.
            TokenHolder h = current;
            if (h != null && h.validAt(clock.millis())) {
                return h.token;
            }
            if (closed) {
                throw closedException();
            }
            throw unavailable(failure);
        }
        return clock.millis() < fresh.expiresAt ? fresh.token : null;
    }

    /** Called under {@link #lock}, with nothing in flight. */
    private RefreshTask startRefresh(TokenHolder replacing) {
        attemptOwedToInvalidation = false;
        RefreshTask task = new RefreshTask(replacing);
        inFlight = task;
        return task;
    }

    private void dispatch(RefreshTask task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.abandon(closed ? closedException()
                    : new TokenUnavailableException(name + ": the executor refused the token refresh", true, e));
        }
    }

    /**
     * Marks {@code token} as refused, if it is still the current one: the next {@link #token()}
     * waits for a refresh, which starts even inside the gap that follows a failed refresh. Of many
     * callers invalidating the same token, one succeeds; the rest, and callers invalidating a token
     * already replaced, change nothing.
     */
    public void invalidate(AuthToken token) {
        Objects.requireNonNull(token, "token");
        for (;;) {
            TokenHolder h = current;
            if (h == null || h.invalidated || !h.token.value().equals(token.value())) {
                return;
            }
            TokenHolder invalidated = h.invalidated();
            if (CURRENT.compareAndSet(this, h, invalidated)) {
                synchronized (lock) {
                    // A token known to be refused is worth one attempt even while backing off after
                    // a failed refresh: exactly one, however many callers invalidate it.
                    if (current == invalidated) {
                        attemptOwedToInvalidation = true;
                        listeners.observe(TokenState.EXPIRED);
                    }
                }
                listeners.deliverStateChanges();
                log.debug("{}: token invalidated; the next call refreshes it", name);
                return;
            }
        }
    }

    /** Registers a listener called with each new token, on the thread that obtained it. */
    public void addListener(TokenListener listener) {
        listeners.add(listener);
    }

    /** Stops background work, ends this cache's own thread, and makes {@link #token()} throw. Idempotent. */
    @Override
    public void close() {
        RefreshTask pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = null;
            pending = inFlight;
            listeners.observe(TokenState.EXPIRED);
        }
        if (ownedThreads != null) {
            ownedThreads.close();
        }
        if (pending != null) {
            // A refresh queued but never started would otherwise leave its waiters waiting.
            pending.abandon(closedException());
        }
        listeners.deliverStateChanges();
        log.debug("{}: closed", name);
    }

    /**
     * The state of the current token at the clock's instant: {@link TokenState#EXPIRED} too when
     * there is none, after {@link #invalidate} and after {@link #close()}. No side effects.
     */
    public TokenState state() {
        return TokenHolder.stateOf(current, clock.millis());
    }

    private TokenUnavailableException unavailable(Throwable failure) {
        boolean retryable = failure instanceof EmbeddedServiceException e && e.retryable();
        return new TokenUnavailableException(name + ": no valid token; the last attempt to get one failed: "
                + describe(failure), retryable, failure);
    }

    private TokenUnavailableException closedException() {
        return new TokenUnavailableException(name + " is closed", false, null);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        // Our own exceptions' messages are written to be safe to show; others may not be.
        if (failure instanceof EmbeddedServiceException) {
            return failure.getMessage();
        }
        return failure.getClass().getName();
    }

    /** One refresh: consult the store, else fetch and save; then install and tell the listeners. */
    private final class RefreshTask implements Runnable {
        private final TokenHolder replacing;
        private final CompletableFuture<TokenHolder> future = new CompletableFuture<>();
        private final AtomicBoolean started = new AtomicBoolean();

        RefreshTask(TokenHolder replacing) {
            this.replacing = replacing;
        }

        @Override
        public void run() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            if (closed) {
                finish(null, closedException());
                return;
            }
            long startedAt = clock.millis();
            TokenHolder fresh = null;
            Throwable failure = null;
            try {
                fresh = store.adoptable(replacing, startedAt);
                if (fresh != null) {
                    log.debug("{}: adopted a stored token valid until {}", name, fresh.token.expiresAt());
                } else {
                    AuthToken token = Objects.requireNonNull(source.fetch(), "the token source returned null");
                    fresh = TokenHolder.of(token, token.expiresAt().toEpochMilli() - startedAt, settings, random);
                    if (clock.millis() >= fresh.expiresAt) {
                        throw new ProtocolViolationException(name + ": the new token had expired (at "
                                + token.expiresAt() + ") by the time it arrived");
                    }
                    if (!closed) {
                        store.save(token);
                    }
                }
            } catch (RuntimeException | Error e) {
                fresh = null;
                failure = e;
            }
            finish(fresh, failure);
            if (failure instanceof Error error) {
                throw error;
            }
        }

        /** Fails this task if it has not started: it will not run. */
        void abandon(Throwable reason) {
            if (started.compareAndSet(false, true)) {
                finish(null, reason);
            }
        }

        /**
         * Installs the new token or records the failure, then completes the task. After
         * {@link #close()} nothing is installed or recorded, no listener is called, and waiters get
         * the closed cache's exception rather than a token.
         */
        private void finish(TokenHolder fresh, Throwable failure) {
            long retryAt = 0;
            int failures;
            boolean closedBefore;
            synchronized (lock) {
                if (inFlight == this) {
                    inFlight = null;
                }
                closedBefore = closed;
                if (closedBefore) {
                    fresh = null;
                    failure = closedException();
                } else if (fresh != null) {
                    consecutiveFailures = 0;
                    lastFailure = null;
                    nextAttemptAt = Long.MIN_VALUE;
                    current = fresh;
                } else {
                    consecutiveFailures++;
                    lastFailure = failure;
                    retryAt = clock.millis() + failureGap.delayMillis(consecutiveFailures);
                    nextAttemptAt = retryAt;
                }
                if (!closedBefore) {
                    listeners.observe(TokenHolder.stateOf(current, clock.millis()));
                }
                failures = consecutiveFailures;
            }
            if (fresh != null) {
                future.complete(fresh);
                log.debug("{}: new token valid until {}", name, fresh.token.expiresAt());
                listeners.newToken(fresh.token);
            } else {
                if (!closedBefore) {
                    TokenHolder h = current;
                    boolean valid = h != null && h.validAt(clock.millis());
                    log.warn("{}: token refresh failed ({} in a row); {}; next attempt not before {}: {}", name,
                            failures, valid ? "the current token stays in use until it expires at " + h.token.expiresAt()
                                    : "there is no valid token", Instant.ofEpochMilli(retryAt), describe(failure));
                    log.debug("{}: refresh failure", name, failure);
                }
                future.completeExceptionally(failure);
            }
            listeners.deliverStateChanges();
        }
    }
}
