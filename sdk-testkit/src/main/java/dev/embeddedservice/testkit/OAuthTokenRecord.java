package dev.embeddedservice.testkit;

import java.time.Instant;

/**
 * What the emulator kept of one request to its OAuth 2.0 token endpoint ({@code POST /oauth2/token}): never the
 * client secret or the token.
 *
 * <pre>{@code
 * assertThat(emulator.journal().oauthRequests())
 *         .extracting(OAuthTokenRecord::httpStatus, OAuthTokenRecord::error)
 *         .containsExactly(tuple(401, "invalid_client"), tuple(200, null));
 * }</pre>
 *
 * @param number     1-based number of the request since start or the last reset
 * @param receivedAt when it arrived, by the emulator's clock
 * @param httpStatus the HTTP status answered
 * @param error      the RFC 6749 {@code error} code answered (such as {@code invalid_client}), or null on success
 * @param clientId   the client id, once the client authenticated; null when it did not
 * @param scope      the scope granted, or on a refusal the scope requested; null when none was requested or granted
 * @param tokenId    the {@code jti} of the token issued, or null when none was
 */
public record OAuthTokenRecord(
        long number,
        Instant receivedAt,
        int httpStatus,
        String error,
        String clientId,
        String scope,
        String tokenId) {

    /** Whether a token was issued. */
    public boolean successful() {
        return httpStatus == 200;
    }
}
