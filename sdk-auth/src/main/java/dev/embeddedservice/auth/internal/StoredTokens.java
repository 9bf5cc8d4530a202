package dev.embeddedservice.auth.internal;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenStore;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RefreshingTokenCache}'s view of its {@link TokenStore}: the stored token worth adopting
 * instead of fetching, and saving each fetched token. A store that fails is logged and otherwise
 * ignored: the cache fetches, and keeps its token in memory.
 */
final class StoredTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshingTokenCache.class);

    private final String name;
    private final TokenStore store;
    private final String storeKey;
    private final RefreshSettings settings;
    private final DoubleSupplier random;

    StoredTokens(String name, TokenStore store, String storeKey, RefreshSettings settings, DoubleSupplier random) {
        this.name = name;
        this.store = Objects.requireNonNull(store, "store");
        this.storeKey = Objects.requireNonNull(storeKey, "storeKey");
        this.settings = settings;
        this.random = random;
    }

    /**
     * The stored token to adopt instead of fetching, or {@code null}: one other than
     * {@code replacing}, well-formed, with more than {@code prefetchMargin} of life left at
     * {@code now}.
     */
    TokenHolder adoptable(TokenHolder replacing, long now) {
        Optional<AuthToken> stored;
        try {
            stored = store.load(storeKey);
        } catch (RuntimeException e) {
            log.warn("{}: could not read the token store, fetching a new token: {}", name, e.toString());
            return null;
        }
        if (stored.isEmpty()) {
            return null;
        }
        AuthToken token = stored.get();
        if (replacing != null && replacing.token.value().equals(token.value())) {
            return null;
        }
        if (!TokenFormat.isUsable(token.value())
                || token.expiresAt().toEpochMilli() - now <= settings.prefetchMargin().toMillis()) {
            return null;
        }
        // Its lifetime is unknown here: treat it as long-lived, so the full margins apply.
        return TokenHolder.of(token, Long.MAX_VALUE / 4, settings, random);
    }

    void save(AuthToken token) {
        try {
            store.save(storeKey, token);
        } catch (RuntimeException e) {
            log.warn("{}: could not save the new token to the store; it is kept in memory: {}", name, e.toString());
        }
    }
}
