package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container's offline token check (protocol §4): Ed25519 signature with the public key it was built with,
 * {@code aud} equal to the product code, not revoked, {@code exp} in the future, the operation in {@code ops}.
 *
 * <p>Signature and audience checks are cached per token string (bounded), so a token is verified
 * cryptographically once however many invocations carry it; expiry, revocation and entitlement are checked on
 * every call. Thread-safe.
 */
final class TokenVerifier {

    enum Outcome { VALID, INVALID, EXPIRED, NOT_ENTITLED }

    /** The result of a check; {@code claims} is set whenever the signature and audience were valid. */
    record Check(Outcome outcome, TokenClaims claims, String message) {
        boolean valid() {
            return outcome == Outcome.VALID;
        }
    }

    private static final int CACHE_LIMIT = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final PublicKey publicKey;
    private final String audience;
    private final RevocationList revocations;
    private final Clock clock;
    private final Map<String, TokenClaims> verified = new ConcurrentHashMap<>();

    TokenVerifier(PublicKey publicKey, String audience, RevocationList revocations, Clock clock) {
        this.publicKey = publicKey;
        this.audience = audience;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * Checks {@code token} for {@code operation} (null: skip the entitlement check).
     */
    Check verify(String token, String operation) {
        if (token == null || token.isEmpty()) {
            return new Check(Outcome.INVALID, null, "missing token: CustomAttributes must carry token=...");
        }
        TokenClaims claims = verified.get(token);
        if (claims == null) {
            Check check = verifySignatureAndAudience(token);
            if (check != null) {
                return check;
            }
            claims = verified.get(token);
        }
        if (revocations.isRevoked(claims)) {
            return new Check(Outcome.INVALID, claims, "token has been revoked");
        }
        if (clock.instant().getEpochSecond() >= claims.exp()) {
            return new Check(Outcome.EXPIRED, claims, "token has expired");
        }
        if (operation != null && !claims.ops().contains(operation)) {
            return new Check(Outcome.NOT_ENTITLED, claims, "token does not entitle to operation '" + operation + "'");
        }
        return new Check(Outcome.VALID, claims, null);
    }

    /** The claims of {@code token} if its signature and audience are valid (expired or revoked or not), else null. */
    TokenClaims authenticClaims(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        TokenClaims claims = verified.get(token);
        if (claims == null && verifySignatureAndAudience(token) == null) {
            claims = verified.get(token);
        }
        return claims;
    }

    /** Null when valid (and then cached), else the failed check. */
    private Check verifySignatureAndAudience(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            return invalid("token is not a compact JWS");
        }
        JsonNode header;
        JsonNode payload;
        byte[] signatureBytes;
        try {
            header = MAPPER.readTree(B64.decode(token.substring(0, first)));
            payload = MAPPER.readTree(B64.decode(token.substring(first + 1, second)));
            signatureBytes = B64.decode(token.substring(second + 1));
        } catch (IllegalArgumentException | IOException e) {
            return invalid("token is not a compact JWS");
        }
        if (header == null || !header.isObject() || !"EdDSA".equals(header.path("alg").asText(null))) {
            return invalid("token is not signed with EdDSA");
        }
        if (!signatureValid(token.substring(0, second).getBytes(StandardCharsets.US_ASCII), signatureBytes)) {
            return invalid("token signature is not valid");
        }
        if (payload == null || !payload.isObject()) {
            return invalid("token claims are not a JSON object");
        }
        if (!audienceMatches(payload.get("aud"))) {
            return invalid("token audience is not this product");
        }
        JsonNode exp = payload.get("exp");
        JsonNode iat = payload.get("iat");
        if (exp == null || !exp.isIntegralNumber() || !exp.canConvertToLong()) {
            return invalid("token has no numeric exp");
        }
        List<String> ops = new ArrayList<>();
        JsonNode opsNode = payload.get("ops");
        if (opsNode != null && opsNode.isArray()) {
            opsNode.forEach(op -> {
                if (op.isTextual()) {
                    ops.add(op.asText());
                }
            });
        }
        TokenClaims claims = new TokenClaims(payload.path("sub").asText(null), audience, exp.asLong(),
                iat != null && iat.isNumber() ? iat.asLong() : 0, payload.path("jti").asText(null), ops);
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(token, claims);
        return null;
    }

    private boolean audienceMatches(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return audience.equals(aud.asText());
        }
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (a.isTextual() && audience.equals(a.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean signatureValid(byte[] signingInput, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(signingInput);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Check invalid(String message) {
        return new Check(Outcome.INVALID, null, message);
    }
}
