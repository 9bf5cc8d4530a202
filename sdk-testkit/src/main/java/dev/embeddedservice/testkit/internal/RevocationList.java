package dev.embeddedservice.testkit.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens revoked before expiry: all tokens up to an issue sequence ("every token issued so far") plus single
 * tokens by {@code jti}. The container learns of it out of band, as a real partner would push a deny list.
 */
final class RevocationList {

    private final AtomicLong revokedUpToSequence = new AtomicLong(-1);
    private final Set<String> revokedIds = ConcurrentHashMap.newKeySet();

    void revokeUpTo(long sequence) {
        revokedUpToSequence.accumulateAndGet(sequence, Math::max);
    }

    void revoke(String jti) {
        if (jti != null) {
            revokedIds.add(jti);
        }
    }

    boolean isRevoked(TokenClaims claims) {
        return claims.sequence() <= revokedUpToSequence.get() || revokedIds.contains(claims.jti());
    }
}
