package dev.embeddedservice.testkit;

import static dev.embeddedservice.testkit.TokenVerificationTest.assertModelError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Protocol §2–§3 by hand: SageMaker's own checks, the container's batch checks, and the journal's view. */
class SageMakerFrontTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .maxRecordsPerInvocation(10)
            .build();

    private static final String ONE = TestRecords.batch(List.of(new TestRecords.Item("0", "CUSTOM", "c")));

    @Test
    void a_request_without_sigv4_is_refused_with_missing_authentication_token() throws Exception {
        Map<String, String> headers = RawHttp.sageMakerHeaders();
        headers.remove("Authorization");

        RawHttp.Response response = new RawHttp(emulator.emulator())
                .invoke(emulator.endpointName(), headers, ONE.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
    }

    @Test
    void a_signature_for_another_service_is_refused_even_without_test_credentials() throws Exception {
        Map<String, String> headers = RawHttp.sageMakerHeaders();
        headers.put("Authorization", headers.get("Authorization").replace("/sagemaker/", "/execute-api/"));

        RawHttp.Response response = new RawHttp(emulator.emulator())
                .invoke(emulator.endpointName(), headers, ONE.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("InvalidSignatureException");
    }

    @Test
    void an_inference_id_over_64_characters_is_a_validation_error() throws Exception {
        Map<String, String> headers = RawHttp.sageMakerHeaders();
        headers.put("X-Amzn-SageMaker-Inference-Id", "i".repeat(65));

        RawHttp.Response response = new RawHttp(emulator.emulator())
                .invoke(emulator.endpointName(), headers, ONE.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("ValidationError");
    }

    @Test
    void custom_attributes_with_a_control_character_are_a_validation_error() throws Exception {
        Map<String, String> headers = RawHttp.sageMakerHeaders();
        headers.put("X-Amzn-SageMaker-Custom-Attributes", "token=abc\tdef");

        RawHttp.Response response = new RawHttp(emulator.emulator())
                .invoke(emulator.endpointName(), headers, ONE.getBytes(StandardCharsets.UTF_8));

        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("ValidationError");
    }

    @Test
    void a_batch_over_the_limit_is_refused_with_413_and_the_limit() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());

        RawHttp.Response response = http.invoke(http.token(), TestRecords.batch(TestRecords.valid(11, 1)));

        assertModelError(response, 413, "LIMIT_EXCEEDED");
        assertThat(response.original().get("maxRecordsPerInvocation").asInt()).isEqualTo(10);
        assertThat(http.invoke(http.token(), TestRecords.batch(TestRecords.valid(10, 1))).status()).isEqualTo(200);
    }

    @Test
    void a_partner_lowering_its_limit_at_runtime_refuses_larger_batches() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        emulator.emulator().containerMaxRecords(4);

        RawHttp.Response response = http.invoke(token, TestRecords.batch(TestRecords.valid(5, 1)));

        assertModelError(response, 413, "LIMIT_EXCEEDED");
        assertThat(response.original().get("maxRecordsPerInvocation").asInt()).isEqualTo(4);
        assertThat(emulator.emulator().containerMaxRecords()).isEqualTo(4);
    }

    @Test
    void malformed_batches_are_400_invalid_batch() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        List<String> bodies = List.of(
                "not json",
                "[1,2]",
                "{\"operation\":\"translate\"}",
                "{\"operation\":\"translate\",\"records\":[]}",
                "{\"operation\":\"translate\",\"records\":{}}",
                "{\"records\":[{\"id\":\"0\",\"data\":{\"type\":\"CUSTOM\",\"value\":\"c\"}}]}",
                "{\"operation\":\"translate\",\"records\":[{\"data\":{\"type\":\"CUSTOM\",\"value\":\"c\"}}]}",
                "{\"operation\":\"translate\",\"records\":[{\"id\":7,\"data\":{\"type\":\"CUSTOM\",\"value\":\"c\"}}]}",
                "{\"operation\":\"translate\",\"records\":[{\"id\":\"0\",\"data\":{\"type\":\"CUSTOM\",\"value\":\"c\"}},"
                        + "{\"id\":\"0\",\"data\":{\"type\":\"CUSTOM\",\"value\":\"d\"}}]}",
                "{\"operation\":\"translate\",\"records\":[]} trailing");
        for (String body : bodies) {
            assertModelError(http.invoke(token, body), 400, "INVALID_BATCH");
        }
    }

    @Test
    void an_operation_the_container_does_not_implement_is_400_invalid_batch() throws Exception {
        try (EmbeddedServiceEmulator e = EmbeddedServiceEmulator.builder().operations(List.of("translate", "score")).start()) {
            RawHttp http = new RawHttp(e);
            String body = "{\"operation\":\"score\",\"records\":[{\"id\":\"0\",\"data\":{}}]}";

            assertModelError(http.invoke(http.token(), body), 400, "INVALID_BATCH");
        }
    }

    @Test
    void records_with_malformed_data_are_invalid_records_not_a_bad_batch() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String body = "{\"operation\":\"translate\",\"records\":[{\"id\":\"a\"},{\"id\":\"b\",\"data\":\"x\"},"
                + "{\"id\":\"c\",\"data\":{\"type\":\"CUSTOM\"}},{\"id\":\"d\",\"data\":{\"type\":\"CUSTOM\",\"value\":5}}]}";

        RawHttp.Response response = http.invoke(http.token(), body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("results")).hasSize(4)
                .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("INVALID"));
    }

    @Test
    void the_journal_summarises_each_call_without_its_body() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        String batch = TestRecords.batch(TestRecords.valid(8, 2));

        http.invoke(token, batch);
        http.invoke("bad", batch);

        EmulatorJournal journal = emulator.journal();
        assertThat(journal.invocationCount()).isEqualTo(2);
        assertThat(journal.recordsReceived()).isEqualTo(16);
        assertThat(journal.largestInvocationRecords()).isEqualTo(8);
        assertThat(journal.largestInvocationBytes()).isEqualTo(batch.length());
        InvocationRecord ok = journal.invocations().get(0);
        assertThat(ok.endpointName()).isEqualTo(emulator.endpointName());
        assertThat(ok.records()).isEqualTo(8);
        assertThat(ok.bodyBytes()).isEqualTo(batch.length());
        assertThat(ok.httpStatus()).isEqualTo(200);
        assertThat(ok.errorType()).isNull();
        assertThat(ok.billedUnits()).isEqualTo(8);
        assertThat(ok.tokenId()).isNotBlank();
        assertThat(ok.customAttributesLength()).isEqualTo(("token=" + token).length());
        InvocationRecord refused = journal.invocations().get(1);
        assertThat(refused.httpStatus()).isEqualTo(424);
        assertThat(refused.errorType()).isEqualTo("ModelError");
        assertThat(refused.originalStatusCode()).isEqualTo(401);
        assertThat(refused.containerError()).isEqualTo("TOKEN_INVALID");
        assertThat(refused.tokenId()).isNull();
        assertThat(journal.lastInvocationHeaders().get("X-Amzn-SageMaker-Custom-Attributes")).containsExactly("token=bad");
        assertThat(journal.recentRequests().get(0).toString()).doesNotContain("token=bad");
    }

    @Test
    void the_journal_keeps_only_the_most_recent_entries_but_exact_totals() throws Exception {
        try (EmbeddedServiceEmulator small = EmbeddedServiceEmulator.builder().journalCapacity(3).start()) {
            RawHttp http = new RawHttp(small);
            String token = small.issueToken();
            for (int i = 0; i < 5; i++) {
                http.invoke(token, ONE);
            }

            assertThat(small.journal().invocations()).extracting(InvocationRecord::number).containsExactly(3L, 4L, 5L);
            assertThat(small.journal().billingLedger()).hasSize(3);
            assertThat(small.journal().invocationCount()).isEqualTo(5);
            assertThat(small.journal().billedUnits()).isEqualTo(5);
        }
    }

    @Test
    void wiremock_admin_api_is_closed() throws Exception {
        RawHttp.Response reset = RawHttp.post(emulator.endpointUrl() + "/__admin/reset", Map.of(), new byte[0]);

        assertThat(reset.status()).isEqualTo(401);
        RawHttp http = new RawHttp(emulator.emulator());
        assertThat(http.invoke(http.token(), ONE).status()).as("routes still in place").isEqualTo(200);
    }

    @Test
    void ping_answers_200_and_unknown_routes_404() throws Exception {
        assertThat(RawHttp.get(emulator.endpointUrl() + "/ping").status()).isEqualTo(200);

        RawHttp.Response unknown = RawHttp.get(emulator.endpointUrl() + "/endpoints/x/other");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("X-Amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(emulator.journal().invocationCount()).isZero();
    }
}
