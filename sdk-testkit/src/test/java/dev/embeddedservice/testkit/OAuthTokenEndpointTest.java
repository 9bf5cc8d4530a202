package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4, {@code client_secret_basic}) over plain HTTP:
 * what it issues is what the container accepts, its refusals are RFC 6749 §5.2 errors, and the journal counts.
 */
class OAuthTokenEndpointTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .tokenTtl(java.time.Duration.ofMinutes(20))
            .build();

    /** RFC 6749 §2.3.1: each part form-urlencoded, joined by a colon, Base64. */
    static String basic(String clientId, String clientSecret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static RawHttp.Response request(EmbeddedServiceEmulator emulator, String authorization, String contentType,
                                    String form) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.put("Accept", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return RawHttp.post(emulator.oauthTokenUrl(), headers, form.getBytes(StandardCharsets.UTF_8));
    }

    private static RawHttp.Response request(String authorization, String form) throws Exception {
        return request(emulator.emulator(), authorization, "application/x-www-form-urlencoded", form);
    }

    private static String validBasic() {
        return basic(emulator.oauthClientId(), emulator.oauthClientSecret());
    }

    private static JsonNode claims(String token) throws Exception {
        return RawHttp.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static void assertRefused(RawHttp.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.json().get("error").asText()).isEqualTo(error);
        assertThat(response.json().get("error_description").asText()).isNotBlank()
                .doesNotContain(emulator.oauthClientSecret());
        assertThat(response.json().has("access_token")).isFalse();
    }

    @Test
    void the_client_credentials_grant_issues_a_bearer_token_with_its_lifetime() throws Exception {
        RawHttp.Response response = request(validBasic(), "grant_type=client_credentials");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Pragma")).isEqualTo("no-cache");
        JsonNode body = response.json();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(1200);
        assertThat(body.get("scope").asText()).isEqualTo("embedded-service/translate embedded-service/fraudScore");
        JsonNode claims = claims(body.get("access_token").asText());
        assertThat(claims.get("aud").asText()).isEqualTo(emulator.productCode());
        assertThat(claims.get("sub").asText()).isEqualTo(emulator.emulator().accountId());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(1200);
        assertThat(claims.get("client_id").asText()).isEqualTo(emulator.oauthClientId());
        assertThat(claims.get("ops")).extracting(JsonNode::asText).containsExactly("translate", "fraudScore");
    }

    @Test
    void the_container_accepts_the_oauth_token_as_it_accepts_an_activation_token() throws Exception {
        String token = request(validBasic(), "grant_type=client_credentials").json().get("access_token").asText();

        RawHttp.Response invocation = new RawHttp(emulator.emulator())
                .invoke(token, TestRecords.batch(TestRecords.valid(10, 4)));

        assertThat(invocation.status()).as(invocation.body()).isEqualTo(200);
        assertThat(invocation.json().get("results")).hasSize(10);
        assertThat(emulator.journal().invocations().get(0).tokenId())
                .isEqualTo(emulator.journal().oauthRequests().get(0).tokenId());
    }

    @Test
    void a_scope_narrows_the_operations_the_token_entitles_to() throws Exception {
        RawHttp.Response response = request(validBasic(), "grant_type=client_credentials&scope=embedded-service%2Ftranslate");
        String token = response.json().get("access_token").asText();

        assertThat(response.json().get("scope").asText()).isEqualTo("embedded-service/translate");
        assertThat(claims(token).get("ops")).extracting(JsonNode::asText).containsExactly("translate");
        RawHttp.Response fraud = new RawHttp(emulator.emulator()).invoke(token, FraudScoreTest.batch(
                List.of(FraudScoreTest.data(FraudScoreTest.transactions(1, 1).get(0)))));
        assertThat(fraud.original().get("error").asText()).isEqualTo("OPERATION_NOT_ENTITLED");
    }

    @Test
    void the_journal_counts_oauth_issuances_among_all_tokens_and_keeps_no_secret() throws Exception {
        request(validBasic(), "grant_type=client_credentials");
        request(basic(emulator.oauthClientId(), "wrong-secret"), "grant_type=client_credentials");
        request(validBasic(), "grant_type=client_credentials&scope=embedded-service/fraudScore");
        new RawHttp(emulator.emulator()).activate();

        EmulatorJournal journal = emulator.journal();
        assertThat(journal.oauthRequestCount()).isEqualTo(3);
        assertThat(journal.oauthTokensIssued()).isEqualTo(2);
        assertThat(journal.tokensIssued()).isEqualTo(3);
        assertThat(journal.activationCount()).isEqualTo(1);
        assertThat(journal.oauthRequests())
                .extracting(OAuthTokenRecord::number, OAuthTokenRecord::httpStatus, OAuthTokenRecord::error,
                        OAuthTokenRecord::clientId, OAuthTokenRecord::scope)
                .containsExactly(
                        tuple(1L, 200, null, emulator.oauthClientId(), "embedded-service/translate embedded-service/fraudScore"),
                        tuple(2L, 401, "invalid_client", null, null),
                        tuple(3L, 200, null, emulator.oauthClientId(), "embedded-service/fraudScore"));
        assertThat(journal.oauthRequests().get(0).tokenId()).matches("\\d+-[0-9a-f]{16}");
        assertThat(journal.oauthRequests().get(1).tokenId()).isNull();
        assertThat(journal.oauthRequests().toString() + journal + journal.recentRequests() + emulator.emulator())
                .doesNotContain(emulator.oauthClientSecret())
                .doesNotContain(validBasic().substring(6));
    }

    @Test
    void a_missing_or_wrong_client_authentication_is_invalid_client_with_a_basic_challenge() throws Exception {
        List<String> authorizations = List.of(
                basic(emulator.oauthClientId(), "wrong-secret"),
                basic("another-client", emulator.oauthClientSecret()),
                "Bearer " + validBasic().substring(6),
                "Basic not-base64!",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.US_ASCII)));
        for (String authorization : authorizations) {
            RawHttp.Response response = request(authorization, "grant_type=client_credentials");

            assertRefused(response, 401, "invalid_client");
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic ");
        }
        assertRefused(request(null, "grant_type=client_credentials&client_id=" + emulator.oauthClientId()
                + "&client_secret=" + emulator.oauthClientSecret()), 401, "invalid_client");
        assertThat(emulator.journal().oauthTokensIssued()).isZero();
    }

    @Test
    void another_grant_type_is_unsupported_grant_type() throws Exception {
        assertRefused(request(validBasic(), "grant_type=password&username=u&password=p"), 400, "unsupported_grant_type");
        assertRefused(request(validBasic(), "grant_type=authorization_code&code=x"), 400, "unsupported_grant_type");
    }

    @Test
    void an_unknown_or_empty_scope_is_invalid_scope() throws Exception {
        assertRefused(request(validBasic(), "grant_type=client_credentials&scope=admin"), 400, "invalid_scope");
        assertRefused(request(validBasic(), "grant_type=client_credentials&scope=embedded-service/translate+admin"),
                400, "invalid_scope");
        assertRefused(request(validBasic(), "grant_type=client_credentials&scope=embedded-service/brandSafety"),
                400, "invalid_scope");
        assertRefused(request(validBasic(), "grant_type=client_credentials&scope="), 400, "invalid_scope");
        assertThat(emulator.journal().oauthRequests()).extracting(OAuthTokenRecord::scope)
                .containsExactly("admin", "embedded-service/translate admin", "embedded-service/brandSafety", "");
    }

    @Test
    void a_malformed_request_is_invalid_request() throws Exception {
        assertRefused(request(validBasic(), "scope=embedded-service/translate"), 400, "invalid_request");
        assertRefused(request(validBasic(), "grant_type=client_credentials&grant_type=client_credentials"),
                400, "invalid_request");
        assertRefused(request(emulator.emulator(), validBasic(), "application/json",
                "{\"grant_type\":\"client_credentials\"}"), 400, "invalid_request");
    }

    @Test
    void the_client_can_be_configured_and_its_credentials_are_form_encoded_before_basic() throws Exception {
        try (EmbeddedServiceEmulator custom = EmbeddedServiceEmulator.builder()
                .oauthClient("partner:client", "s3cr3t+with/odd=chars&more").start()) {
            RawHttp.Response ok = request(custom, basic("partner:client", "s3cr3t+with/odd=chars&more"),
                    "application/x-www-form-urlencoded; charset=UTF-8", "grant_type=client_credentials");
            String unencoded = "Basic " + Base64.getEncoder().encodeToString(
                    "partner%3Aclient:s3cr3t+with/odd=chars&more".getBytes(StandardCharsets.UTF_8));
            RawHttp.Response plusAsSpace = request(custom, unencoded, "application/x-www-form-urlencoded",
                    "grant_type=client_credentials");

            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(custom.oauthClientId()).isEqualTo("partner:client");
            assertThat(plusAsSpace.status()).as("'+' decodes to a space, so an unencoded secret with '+' fails")
                    .isEqualTo(401);
            assertThat(custom.toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void revoking_tokens_revokes_oauth_tokens_too() throws Exception {
        String token = request(validBasic(), "grant_type=client_credentials").json().get("access_token").asText();

        emulator.emulator().revokeTokens();
        RawHttp.Response invocation = new RawHttp(emulator.emulator()).invoke(token, TestRecords.batch(TestRecords.valid(1, 1)));

        assertThat(invocation.original().get("error").asText()).isEqualTo("TOKEN_INVALID");
    }
}
