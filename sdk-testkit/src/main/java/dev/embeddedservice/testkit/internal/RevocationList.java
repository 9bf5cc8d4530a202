package dev.embeddedservice.testkit.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tokens revoked before expiry: all tokens up to an issue sequence ("every token issued so far") plus single
 * tokens by {@code jti}. The container learns of it out of band, as a real partner would push a deny list.
 */
final class RevocationList {

    private final AtomicLong revokedUpToSequence = new AtomicLong(-1);
    private final Set<String> revokedIds = ConcurrentHashMap.newKeySet();
    private final LongSupplier lastIssued;

    /** @param lastIssued the issue sequence of the newest token issued so far */
    RevocationList(LongSupplier lastIssued) {
        this.lastIssued = lastIssued;
    }

    /** Revokes every token issued so far. */
    void revokeAll() {
        revokedUpToSequence.accumulateAndGet(lastIssued.getAsLong(), Math::max);
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
