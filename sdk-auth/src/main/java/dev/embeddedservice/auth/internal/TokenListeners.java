package dev.embeddedservice.auth.internal;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenListener;
import dev.embeddedservice.auth.TokenState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of a {@link RefreshingTokenCache}, and what they have been told. State changes are
 * recorded in order under the cache's lock ({@link #observe}) and delivered outside it
 * ({@link #deliverStateChanges}), one thread at a time, so each listener hears them in order. What
 * a listener throws is logged and otherwise ignored.
 */
final class TokenListeners {

    private static final Logger log = LoggerFactory.getLogger(RefreshingTokenCache.class);

    private record StateChange(TokenState from, TokenState to) {
    }

    private final String name;
    private final Object lock;
    private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();
    // Guarded by lock:
    /** The state listeners were last told of; there is no token at first. */
    private TokenState reportedState = TokenState.EXPIRED;
    /** State changes recorded and not yet delivered, oldest first. */
    private final ArrayDeque<StateChange> stateChanges = new ArrayDeque<>();
    /** Whether a thread is delivering {@link #stateChanges}. */
    private boolean delivering;

    /**
     * @param name names the cache in log lines
     * @param lock the cache's lock, under which {@link #observe} is called
     */
    TokenListeners(String name, Object lock, List<TokenListener> listeners) {
        this.name = name;
        this.lock = lock;
        this.listeners.addAll(listeners);
    }

    void add(TokenListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Called under the cache's lock: records a change to {@code state}, if it is one. */
    void observe(TokenState state) {
        if (state != reportedState) {
            stateChanges.add(new StateChange(reportedState, state));
            reportedState = state;
        }
    }

    /**
     * Tells the listeners of the recorded state changes, in order. Called outside the cache's lock.
     * One thread delivers at a time; a thread that finds another delivering leaves its changes to it.
     */
    void deliverStateChanges() {
        synchronized (lock) {
            if (delivering || stateChanges.isEmpty()) {
                return;
            }
            delivering = true;
        }
        boolean drained = false;
        try {
            for (;;) {
                StateChange change;
                synchronized (lock) {
                    change = stateChanges.poll();
                    if (change == null) {
                        delivering = false;
                        drained = true;
                        return;
                    }
                }
                for (TokenListener listener : listeners) {
                    try {
                        listener.onStateChanged(change.from(), change.to());
                    } catch (RuntimeException e) {
                        log.warn("{}: a token listener failed: {}", name, e.toString());
                    }
                }
            }
        } finally {
            if (!drained) {
                synchronized (lock) {
                    delivering = false;
                }
            }
        }
    }

    /** Tells the listeners of a new token, on the calling thread. */
    void newToken(AuthToken token) {
        for (TokenListener listener : listeners) {
            try {
                listener.onNewToken(token);
            } catch (RuntimeException e) {
                log.warn("{}: a token listener failed: {}", name, e.toString());
            }
        }
    }
}
