package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Signs compact JWS tokens with Ed25519 (JDK built-in {@code Signature.getInstance("Ed25519")}, header
 * {@code {"alg":"EdDSA","typ":"JWT","kid":...}}). Thread-safe.
 */
final class TokenIssuer {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final JsonFactory JSON = new JsonFactory();

    private final KeyPair keyPair;
    private final String kid;
    private final String encodedHeader;

    TokenIssuer(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.kid = keyId(keyPair);
        this.encodedHeader = B64.encodeToString(
                ("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    /** A deterministic Ed25519 key pair for {@code seed}. */
    static KeyPair keyPairFromSeed(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(("esvc-emulator-signing-key-" + seed).getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    static String keyId(KeyPair keyPair) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyPair.getPublic().getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyPair keyPair() {
        return keyPair;
    }

    String kid() {
        return kid;
    }

    /** Signs {@code claims}; {@code extra} claims (such as padding) are appended after the standard ones. */
    String issue(TokenClaims claims, Map<String, String> extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sub", claims.sub());
            g.writeStringField("aud", claims.aud());
            g.writeNumberField("exp", claims.exp());
            g.writeNumberField("iat", claims.iat());
            g.writeStringField("jti", claims.jti());
            g.writeArrayFieldStart("ops");
            for (String op : claims.ops()) {
                g.writeString(op);
            }
            g.writeEndArray();
            for (Map.Entry<String, String> e : extra.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String signingInput = encodedHeader + "." + B64.encodeToString(out.toByteArray());
        return signingInput + "." + B64.encodeToString(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] sign(byte[] input) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(keyPair.getPrivate());
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
