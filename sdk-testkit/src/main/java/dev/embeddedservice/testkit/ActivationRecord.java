package dev.embeddedservice.testkit;

import java.time.Instant;

/**
 * What the emulator kept of one activation request: never the license key, the proof's signature or the token.
 *
 * <pre>{@code
 * assertThat(emulator.journal().activations()).extracting(ActivationRecord::httpStatus).containsExactly(503, 200);
 * }</pre>
 *
 * @param number                 1-based number of the request since start or the last reset
 * @param receivedAt             when it arrived, by the emulator's clock
 * @param httpStatus             the HTTP status answered, or 0 when the connection was reset ({@link ActivationFailure#OUTAGE})
 * @param error                  the {@code error} code answered, or null
 * @param failure                the switched-on failure mode that answered, or null
 * @param clientId               the request's {@code clientId}, or null
 * @param sdkVersion             the request's {@code sdkVersion}, or null
 * @param userAgent              the {@code User-Agent} header, or null
 * @param identityProofPresent   whether the body carried an {@code identityProof}
 * @param identityProofVerified  whether that proof's SigV4 signature was recomputed and matched (needs test credentials)
 * @param tokenId                the {@code jti} of the token issued, or null when none was
 */
public record ActivationRecord(
        long number,
        Instant receivedAt,
        int httpStatus,
        String error,
        ActivationFailure failure,
        String clientId,
        String sdkVersion,
        String userAgent,
        boolean identityProofPresent,
        boolean identityProofVerified,
        String tokenId) {
}
