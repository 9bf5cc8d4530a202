package dev.embeddedservice.auth.internal;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TokenStore#inMemory()}: a map in this process. */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, AuthToken> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<AuthToken> load(String key) {
        return Optional.ofNullable(tokens.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public void save(String key, AuthToken token) {
        tokens.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(token, "token"));
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + tokens.size() + " tokens]";
    }
}
