package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Protocol §1: the activation service, its checks and every error mode. */
class ActivationServiceTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .endpointName("esvc-activation-test")
            .region("eu-west-1")
            .maxRecordsPerInvocation(500)
            .maxPayloadBytes(1_000_000)
            .maxConcurrency(4)
            .tokenTtl(Duration.ofMinutes(30))
            .build();

    @Test
    void a_valid_request_gets_a_token_its_lifetime_and_the_service_config() throws Exception {
        RawHttp.Response response = new RawHttp(emulator.emulator()).activate();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("token").asText()).isNotBlank();
        assertThat(body.get("expiresIn").asLong()).isEqualTo(1800);
        JsonNode config = body.get("config");
        assertThat(config.get("endpointName").asText()).isEqualTo("esvc-activation-test");
        assertThat(config.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(config.get("maxRecordsPerInvocation").asInt()).isEqualTo(500);
        assertThat(config.get("maxPayloadBytes").asInt()).isEqualTo(1_000_000);
        assertThat(config.get("maxConcurrency").asInt()).isEqualTo(4);
        assertThat(config.get("operations")).extracting(JsonNode::asText).containsExactly("translate", "fraudScore");
    }

    @Test
    void the_journal_records_the_activation_without_secrets() throws Exception {
        new RawHttp(emulator.emulator()).activate();

        assertThat(emulator.journal().activationCount()).isEqualTo(1);
        assertThat(emulator.journal().tokensIssued()).isEqualTo(1);
        ActivationRecord record = emulator.journal().activations().get(0);
        assertThat(record.number()).isEqualTo(1);
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.clientId()).isEqualTo("test-client");
        assertThat(record.sdkVersion()).isEqualTo("1.0.0");
        assertThat(record.userAgent()).isEqualTo("embedded-service-sdk-java/1.0.0");
        assertThat(record.tokenId()).isNotBlank();
        assertThat(record.toString()).doesNotContain(emulator.licenseKey());
        assertThat(emulator.journal().lastActivationHeaders().get("x-api-key")).containsExactly(emulator.licenseKey());
        assertThat(emulator.journal().recentRequests().get(0).toString()).doesNotContain(emulator.licenseKey());
    }

    @Test
    void a_missing_license_key_gets_401_invalid_credentials() throws Exception {
        RawHttp.Response response = new RawHttp(emulator.emulator())
                .activate(RawHttp.activationBody(emulator.productCode()), null);

        assertError(response, 401, "INVALID_CREDENTIALS");
    }

    @Test
    void a_wrong_license_key_gets_401_invalid_credentials() throws Exception {
        RawHttp.Response response = new RawHttp(emulator.emulator())
                .activate(RawHttp.activationBody(emulator.productCode()), "wrong-key");

        assertError(response, 401, "INVALID_CREDENTIALS");
        assertThat(response.body()).doesNotContain("wrong-key");
    }

    @Test
    void a_body_that_is_not_json_gets_400_invalid_request() throws Exception {
        assertError(new RawHttp(emulator.emulator()).activate("productCode=x", emulator.licenseKey()), 400, "INVALID_REQUEST");
    }

    @Test
    void a_missing_product_code_gets_400_invalid_request() throws Exception {
        assertError(new RawHttp(emulator.emulator()).activate("{\"sdkVersion\":\"1.0.0\"}", emulator.licenseKey()),
                400, "INVALID_REQUEST");
    }

    @Test
    void an_unknown_product_code_gets_400_invalid_request() throws Exception {
        assertError(new RawHttp(emulator.emulator()).activate(RawHttp.activationBody("prod-nothere"), emulator.licenseKey()),
                400, "INVALID_REQUEST");
    }

    @Test
    void a_malformed_identity_proof_gets_400_invalid_request() throws Exception {
        String body = "{\"productCode\":\"" + emulator.productCode() + "\",\"identityProof\":{\"method\":\"POST\"}}";

        assertError(new RawHttp(emulator.emulator()).activate(body, emulator.licenseKey()), 400, "INVALID_REQUEST");
    }

    @Test
    void without_test_credentials_a_well_formed_proof_is_accepted_unverified() throws Exception {
        String body = "{\"productCode\":\"" + emulator.productCode() + "\",\"identityProof\":{\"method\":\"POST\","
                + "\"url\":\"https://sts.us-east-1.amazonaws.com/\",\"headers\":{\"Authorization\":\"AWS4-HMAC-SHA256 x\"},"
                + "\"body\":\"Action=GetCallerIdentity&Version=2011-06-15\"}}";

        assertThat(new RawHttp(emulator.emulator()).activate(body, emulator.licenseKey()).status()).isEqualTo(200);
        ActivationRecord record = emulator.journal().activations().get(0);
        assertThat(record.identityProofPresent()).isTrue();
        assertThat(record.identityProofVerified()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ActivationFailure.class, names = {"INVALID_REQUEST", "INVALID_CREDENTIALS", "SUBSCRIPTION_INACTIVE",
            "RATE_LIMITED", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE"})
    void each_error_row_of_the_table_answers_its_status_and_error_code(ActivationFailure mode) throws Exception {
        emulator.emulator().activationFailure(mode);

        RawHttp.Response response = new RawHttp(emulator.emulator()).activate();

        assertError(response, mode.httpStatus(), mode.error());
        if (mode == ActivationFailure.RATE_LIMITED) {
            assertThat(response.header("Retry-After")).isEqualTo("1");
        }
        assertThat(emulator.journal().activations().get(0).failure()).isEqualTo(mode);
    }

    @Test
    void malformed_body_mode_answers_200_with_a_body_that_is_not_json() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.MALFORMED_BODY);

        RawHttp.Response response = new RawHttp(emulator.emulator()).activate();

        assertThat(response.status()).isEqualTo(200);
        assertThatThrownBy(response::json).hasMessageContaining("not JSON");
    }

    @Test
    void missing_token_mode_answers_200_without_a_token() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.MISSING_TOKEN);

        JsonNode body = new RawHttp(emulator.emulator()).activate().json();

        assertThat(body.has("token")).isFalse();
        assertThat(body.get("expiresIn").asLong()).isPositive();
    }

    @Test
    void missing_expires_in_mode_answers_200_without_expires_in() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.MISSING_EXPIRES_IN);

        JsonNode body = new RawHttp(emulator.emulator()).activate().json();

        assertThat(body.has("token")).isTrue();
        assertThat(body.has("expiresIn")).isFalse();
    }

    @Test
    void non_positive_expires_in_mode_answers_expires_in_zero() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.NON_POSITIVE_EXPIRES_IN);

        assertThat(new RawHttp(emulator.emulator()).activate().json().get("expiresIn").asLong()).isZero();
    }

    @Test
    void oversized_token_mode_issues_a_valid_token_too_long_for_custom_attributes() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.OVERSIZED_TOKEN);
        RawHttp http = new RawHttp(emulator.emulator());

        String token = http.activate().json().get("token").asText();

        assertThat(token.length()).isGreaterThan(1018);
        assertThat(("token=" + token).length()).isGreaterThan(1024);
    }

    @Test
    void outage_mode_resets_the_connection_without_an_http_answer() {
        emulator.emulator().activationFailure(ActivationFailure.OUTAGE);

        assertThatThrownBy(() -> new RawHttp(emulator.emulator()).activate()).isInstanceOf(IOException.class);
        assertThat(emulator.journal().activations().get(0).httpStatus()).isZero();
    }

    @Test
    void a_failure_for_n_times_lets_later_activations_succeed() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.SERVICE_UNAVAILABLE, 2);
        RawHttp http = new RawHttp(emulator.emulator());

        assertThat(List.of(http.activate().status(), http.activate().status(), http.activate().status()))
                .containsExactly(503, 503, 200);
    }

    @Test
    void clearing_the_failure_lets_activations_succeed() throws Exception {
        emulator.emulator().activationFailure(ActivationFailure.SUBSCRIPTION_INACTIVE);
        RawHttp http = new RawHttp(emulator.emulator());
        assertThat(http.activate().status()).isEqualTo(403);

        emulator.emulator().clearActivationFailure();

        assertThat(http.activate().status()).isEqualTo(200);
    }

    @Test
    void a_lowered_container_limit_appears_in_new_configs_and_reset_restores_it() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.emulator().containerMaxRecords(120);

        assertThat(http.activate().json().at("/config/maxRecordsPerInvocation").asInt()).isEqualTo(120);

        emulator.emulator().reset();
        assertThat(http.activate().json().at("/config/maxRecordsPerInvocation").asInt()).isEqualTo(500);
    }

    @Test
    void without_a_configured_license_key_none_is_required() throws Exception {
        try (EmbeddedServiceEmulator open = EmbeddedServiceEmulator.builder().licenseKey(null).start()) {
            RawHttp.Response response = new RawHttp(open).activate(RawHttp.activationBody(open.productCode()), null);

            assertThat(response.status()).isEqualTo(200);
            assertThat(open.licenseKey()).isNull();
        }
    }

    static void assertError(RawHttp.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).isEqualTo(error);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }
}
