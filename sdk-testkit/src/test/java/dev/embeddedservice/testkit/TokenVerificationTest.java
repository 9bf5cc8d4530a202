package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol §4: tokens are Ed25519 compact JWS and the container verifies them offline. */
class TokenVerificationTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ONE_RECORD = TestRecords.batch(List.of(new TestRecords.Item("0", "CUSTOM", "c-1")));

    @Test
    void an_issued_token_is_an_ed25519_compact_jws_with_the_specified_claims() throws Exception {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .clock(MutableClock.startingAt(now)).tokenTtl(Duration.ofMinutes(10)).start()) {
            RawHttp.Response activation = new RawHttp(emulator).activate();
            String token = activation.json().get("token").asText();
            String[] parts = token.split("\\.");

            assertThat(parts).hasSize(3);
            assertThat(token.length()).isLessThanOrEqualTo(1018);
            JsonNode header = RawHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = RawHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(header.get("alg").asText()).isEqualTo("EdDSA");
            assertThat(claims.get("sub").asText()).isEqualTo(emulator.accountId());
            assertThat(claims.get("aud").asText()).isEqualTo(emulator.productCode());
            assertThat(claims.get("iat").asLong()).isEqualTo(now.getEpochSecond());
            assertThat(claims.get("exp").asLong()).isEqualTo(now.getEpochSecond() + 600);
            assertThat(claims.get("jti").asText()).isNotBlank();
            assertThat(claims.get("ops")).extracting(JsonNode::asText).containsExactly("translate", "fraudScore");
            assertThat(activation.json().get("expiresIn").asLong()).isEqualTo(600);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(emulator.tokenPublicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        }
    }

    @Test
    void every_activation_issues_a_distinct_token() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            assertThat(http.token()).isNotEqualTo(http.token());
        }
    }

    @Test
    void a_valid_token_is_accepted() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            assertThat(http.invoke(http.token(), ONE_RECORD).status()).isEqualTo(200);
        }
    }

    @Test
    void an_expired_token_gets_model_error_401_token_expired() throws Exception {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().clock(clock).start()) {
            RawHttp http = new RawHttp(emulator, clock);
            String token = http.token();
            clock.advance(Duration.ofSeconds(3599));
            assertThat(http.invoke(token, ONE_RECORD).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(1));
            RawHttp.Response response = http.invoke(token, ONE_RECORD);

            assertModelError(response, 401, "TOKEN_EXPIRED");
        }
    }

    @Test
    void a_token_re_signed_with_another_key_gets_401_token_invalid() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            String[] genuine = http.token().split("\\.");
            String forged = sign(genuine[0] + "." + genuine[1], newKeyPair());

            assertModelError(http.invoke(forged, ONE_RECORD), 401, "TOKEN_INVALID");
        }
    }

    @Test
    void a_token_with_altered_claims_gets_401_token_invalid() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            String[] genuine = http.token().split("\\.");
            String claims = new String(Base64.getUrlDecoder().decode(genuine[1]), StandardCharsets.UTF_8)
                    .replaceFirst("\"exp\":\\d+", "\"exp\":99999999999");
            String altered = genuine[0] + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + genuine[2];

            assertModelError(http.invoke(altered, ONE_RECORD), 401, "TOKEN_INVALID");
        }
    }

    @Test
    void a_token_for_another_audience_gets_401_token_invalid() throws Exception {
        KeyPair key = newKeyPair();
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().signingKey(key).start()) {
            String token = token(key, "prod-otherx", List.of("translate"), Instant.now().plusSeconds(600));

            assertModelError(new RawHttp(emulator).invoke(token, ONE_RECORD), 401, "TOKEN_INVALID");
        }
    }

    @Test
    void a_token_signed_by_the_emulator_key_for_this_audience_is_accepted() throws Exception {
        KeyPair key = newKeyPair();
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().signingKey(key).start()) {
            String token = token(key, emulator.productCode(), List.of("translate"), Instant.now().plusSeconds(600));

            assertThat(new RawHttp(emulator).invoke(token, ONE_RECORD).status()).isEqualTo(200);
        }
    }

    @Test
    void a_token_without_the_operation_gets_403_operation_not_entitled() throws Exception {
        KeyPair key = newKeyPair();
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().signingKey(key).start()) {
            String token = token(key, emulator.productCode(), List.of("fraudScore"), Instant.now().plusSeconds(600));

            assertModelError(new RawHttp(emulator).invoke(token, ONE_RECORD), 403, "OPERATION_NOT_ENTITLED");
        }
    }

    @Test
    void a_subscription_without_translate_issues_tokens_that_are_not_entitled() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().operations(List.of("brandSafety")).start()) {
            RawHttp http = new RawHttp(emulator);
            RawHttp.Response activation = http.activate();
            assertThat(activation.json().at("/config/operations/0").asText()).isEqualTo("brandSafety");

            assertModelError(http.invoke(activation.json().get("token").asText(), ONE_RECORD), 403, "OPERATION_NOT_ENTITLED");
        }
    }

    @Test
    void a_missing_or_malformed_token_gets_401_token_invalid() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            assertModelError(http.invoke(null, ONE_RECORD), 401, "TOKEN_INVALID");
            assertModelError(http.invoke("not-a-jws", ONE_RECORD), 401, "TOKEN_INVALID");
            assertModelError(http.invoke("a.b.c", ONE_RECORD), 401, "TOKEN_INVALID");
        }
    }

    @Test
    void revoked_tokens_get_401_and_a_new_activation_issues_a_valid_token() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            String first = http.token();
            String second = http.token();
            assertThat(http.invoke(first, ONE_RECORD).status()).isEqualTo(200);

            emulator.revokeTokens();

            assertModelError(http.invoke(first, ONE_RECORD), 401, "TOKEN_INVALID");
            assertModelError(http.invoke(second, ONE_RECORD), 401, "TOKEN_INVALID");
            assertThat(http.invoke(http.token(), ONE_RECORD).status()).isEqualTo(200);
            assertThat(http.invoke(emulator.issueToken(), ONE_RECORD).status()).isEqualTo(200);
        }
    }

    @Test
    void revocation_survives_reset() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            RawHttp http = new RawHttp(emulator);
            String token = http.token();
            emulator.revokeTokens();
            emulator.reset();

            assertModelError(http.invoke(token, ONE_RECORD), 401, "TOKEN_INVALID");
            assertThat(http.invoke(http.token(), ONE_RECORD).status()).isEqualTo(200);
        }
    }

    @Test
    void the_same_seed_gives_the_same_signing_key() {
        try (EmbeddedServiceEmulator a = EmbeddedServiceEmulator.builder().seed(5).start();
             EmbeddedServiceEmulator b = EmbeddedServiceEmulator.builder().seed(5).start();
             EmbeddedServiceEmulator c = EmbeddedServiceEmulator.builder().seed(6).start()) {
            assertThat(a.tokenPublicKey().getEncoded()).isEqualTo(b.tokenPublicKey().getEncoded());
            assertThat(a.tokenPublicKey().getEncoded()).isNotEqualTo(c.tokenPublicKey().getEncoded());
        }
    }

    static void assertModelError(RawHttp.Response response, int originalStatus, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(424);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("ModelError");
        JsonNode body = response.json();
        assertThat(body.get("OriginalStatusCode").asInt()).isEqualTo(originalStatus);
        assertThat(body.get("LogStreamArn").asText()).startsWith("arn:aws:logs:");
        assertThat(body.get("message").asText()).contains("(" + originalStatus + ")");
        assertThat(response.original().get("error").asText()).isEqualTo(error);
    }

    static KeyPair newKeyPair() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** A token built by hand, as another issuer would. */
    static String token(KeyPair key, String audience, List<String> ops, Instant exp) throws Exception {
        String header = B64.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = RawHttp.MAPPER.createObjectNode()
                .put("sub", "123456789012").put("aud", audience).put("exp", exp.getEpochSecond())
                .put("iat", exp.getEpochSecond() - 600).put("jti", "hand-made")
                .set("ops", RawHttp.MAPPER.valueToTree(ops)).toString();
        return sign(header + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)), key);
    }

    static String sign(String signingInput, KeyPair key) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signature.sign());
    }
}
