package dev.embeddedservice.auth;

import dev.embeddedservice.auth.internal.InMemoryTokenStore;
import java.util.Optional;

/**
 * Keeps tokens across the lifetime of a {@link TokenProvider}, so that a new provider (a new
 * process, a Lambda cold start) can use a token that is still valid instead of activating again.
 *
 * <p>Each token is stored under a key that binds it to where it came from: the providers of this
 * module use the activation URL and product code (or the OAuth 2.0 token URL, client id and
 * scope), so a token for one product is never served for another. A store only keeps and hands
 * back tokens; deciding whether a stored token is still good enough is the provider's job.
 *
 * <p>Implementations are thread-safe. {@link #save} may fail (a full disk); the providers log
 * that and go on with the token in memory.
 *
 * <pre>{@code
 * TokenProvider tokens = ActivationTokenProvider.builder()
 *         .activationConfig(config)
 *         .tokenStore(FileTokenStore.create(Path.of("/tmp/embedded-service/tokens.json")))
 *         .build();
 * }</pre>
 *
 * @see FileTokenStore
 */
public interface TokenStore {

    /** A store in this process's memory only: the default of every provider. */
    static TokenStore inMemory() {
        return new InMemoryTokenStore();
    }

    /**
     * The token stored under {@code key}, if there is one. A store may leave out tokens that have
     * expired ({@link FileTokenStore} does). Never throws for unreadable or corrupt storage: that
     * is no token.
     */
    Optional<AuthToken> load(String key);

    /** Stores {@code token} under {@code key}, replacing what was there. */
    void save(String key, AuthToken token);
}
