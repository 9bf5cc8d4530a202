package dev.embeddedservice.testkit.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mints the emulator's tokens for every issuer (activation, OAuth 2.0 token endpoint, {@code issueToken()}): one
 * issue sequence, so {@code jti} values are unique and "every token issued so far" can be revoked; each token
 * counts in the journal. Thread-safe.
 */
final class TokenMint {

    private static final long JTI_STREAM = 21;

    /** A signed token and its claims. */
    record Minted(String token, TokenClaims claims) {
    }

    private final EmulatorConfig config;
    private final TokenIssuer issuer;
    private final DefaultEmulatorJournal journal;
    private final AtomicLong sequence = new AtomicLong();

    TokenMint(EmulatorConfig config, TokenIssuer issuer, DefaultEmulatorJournal journal) {
        this.config = config;
        this.issuer = issuer;
        this.journal = journal;
    }

    /** A token issued at {@code now}, entitling to {@code ops}, with {@code extra} string claims after the standard ones. */
    Minted mint(Instant now, List<String> ops, Map<String, String> extra) {
        long n = sequence.incrementAndGet();
        String jti = n + "-" + String.format("%016x", SplitMix.value(config.seed(), JTI_STREAM, n));
        long iat = now.getEpochSecond();
        TokenClaims claims = new TokenClaims(config.accountId(), config.productCode(),
                iat + config.tokenTtl().getSeconds(), iat, jti, ops);
        String token = issuer.issue(claims, extra);
        journal.tokenIssued();
        return new Minted(token, claims);
    }

    /** The sequence of the last token minted: every token issued so far has a sequence up to it. */
    long lastSequence() {
        return sequence.get();
    }
}
