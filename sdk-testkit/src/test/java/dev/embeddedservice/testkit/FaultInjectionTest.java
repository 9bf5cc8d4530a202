package dev.embeddedservice.testkit;

import static dev.embeddedservice.testkit.TokenVerificationTest.assertModelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults: exactly where scripted, at the seeded rate, and each with its observable effect. */
class FaultInjectionTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .faultDelay(Duration.ofMillis(150))
            .build();

    private static final List<TestRecords.Item> ITEMS = TestRecords.valid(20, 11);
    private static final String BATCH = TestRecords.batch(ITEMS);
    private static final Set<String> IDS = ITEMS.stream().map(TestRecords.Item::id).collect(Collectors.toSet());

    private static RawHttp.Response call(RawHttp http, String token) throws Exception {
        return http.invoke(token, BATCH);
    }

    @Test
    void scripted_faults_hit_exactly_the_scripted_invocations() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        emulator.faults().script(2, Fault.THROTTLING).script(4, Fault.SERVICE_UNAVAILABLE).script(5, Fault.MISSING_RESULT);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(call(http, token).status());
        }

        assertThat(statuses).containsExactly(200, 400, 200, 503, 200, 200);
        assertThat(emulator.journal().invocations()).extracting(InvocationRecord::fault)
                .containsExactly(null, Fault.THROTTLING, null, Fault.SERVICE_UNAVAILABLE, Fault.MISSING_RESULT, null);
        assertThat(emulator.journal().faultsInjected()).containsOnly(
                Map.entry(Fault.THROTTLING, 1L), Map.entry(Fault.SERVICE_UNAVAILABLE, 1L), Map.entry(Fault.MISSING_RESULT, 1L));
    }

    @Test
    void rate_faults_are_deterministic_for_the_seed_and_near_the_rate() throws Exception {
        List<Fault> first = faultsOf(run(0.2, 123));
        List<Fault> second = faultsOf(run(0.2, 123));
        List<Fault> otherSeed = faultsOf(run(0.2, 124));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        long faulted = first.stream().filter(f -> f != null).count();
        assertThat(faulted).as("faults in 150 calls at rate 0.2").isBetween(15L, 45L);
    }

    private static List<InvocationRecord> run(double rate, long seed) throws Exception {
        try (EmbeddedServiceEmulator e = EmbeddedServiceEmulator.builder().seed(seed).faultRate(rate)
                .faultDelay(Duration.ZERO).start()) {
            e.faults().rate(rate, Fault.THROTTLING, Fault.MODEL_NOT_READY, Fault.INTERNAL_FAILURE, Fault.MISSING_RESULT);
            RawHttp http = new RawHttp(e);
            String token = e.issueToken();
            for (int i = 0; i < 150; i++) {
                http.invoke(token, BATCH);
            }
            return e.journal().invocations();
        }
    }

    private static List<Fault> faultsOf(List<InvocationRecord> records) {
        List<Fault> faults = new ArrayList<>();
        records.forEach(r -> faults.add(r.fault()));
        return faults;
    }

    @Test
    void rate_with_kinds_only_injects_those_kinds_and_clear_stops_it() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        emulator.faults().rate(1.0, Fault.MODEL_NOT_READY);
        assertThat(call(http, token).status()).isEqualTo(429);
        assertThat(call(http, token).header("X-Amzn-ErrorType")).isEqualTo("ModelNotReadyException");

        emulator.faults().clear();

        assertThat(call(http, token).status()).isEqualTo(200);
    }

    @Test
    void a_script_wins_over_the_rate() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().rate(1.0, Fault.THROTTLING).script(1, Fault.INTERNAL_FAILURE);

        assertThat(call(http, http.token()).header("X-Amzn-ErrorType")).isEqualTo("InternalFailure");
    }

    @Test
    void sagemaker_side_faults_answer_their_status_and_error_type() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        Map<Fault, Integer> expected = Map.of(Fault.THROTTLING, 400, Fault.MODEL_NOT_READY, 429,
                Fault.SERVICE_UNAVAILABLE, 503, Fault.INTERNAL_FAILURE, 500, Fault.INTERNAL_DEPENDENCY, 530);
        Map<Fault, String> types = Map.of(Fault.THROTTLING, "ThrottlingException", Fault.MODEL_NOT_READY,
                "ModelNotReadyException", Fault.SERVICE_UNAVAILABLE, "ServiceUnavailable", Fault.INTERNAL_FAILURE,
                "InternalFailure", Fault.INTERNAL_DEPENDENCY, "InternalDependencyException");
        Map<Fault, Integer> seen = new HashMap<>();
        int n = 0;
        for (Fault fault : expected.keySet()) {
            emulator.faults().script(++n, fault);
            RawHttp.Response response = call(http, token);
            seen.put(fault, response.status());
            assertThat(response.header("X-Amzn-ErrorType")).isEqualTo(types.get(fault));
            assertThat(response.json().get("message").asText()).isNotBlank();
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void container_500_is_a_model_error_with_original_status_500() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.CONTAINER_500);

        RawHttp.Response response = call(http, http.token());

        assertModelError(response, 500, "INTERNAL_ERROR");
        assertThat(response.json().get("message").asText()).startsWith("Received server error (500)");
    }

    @Test
    void connection_reset_gives_no_http_answer() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        emulator.faults().script(1, Fault.CONNECTION_RESET);

        assertThatThrownBy(() -> call(http, token)).isInstanceOf(IOException.class);
        assertThat(call(http, token).status()).isEqualTo(200);
    }

    @Test
    void delay_answers_normally_after_the_fault_delay() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        emulator.faults().script(1, Fault.DELAY);

        long start = System.nanoTime();
        RawHttp.Response response = call(http, token);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.status()).isEqualTo(200);
        assertThat(TestRecords.resultIds(response.json())).containsExactlyInAnyOrderElementsOf(IDS);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(150);
        assertThat(emulator.journal().invocations().get(0).fault()).isEqualTo(Fault.DELAY);
    }

    @Test
    void truncated_body_is_a_200_whose_json_does_not_parse() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        String whole = call(http, token).body();
        emulator.emulator().reset();
        emulator.faults().script(1, Fault.TRUNCATED_BODY);

        RawHttp.Response response = call(http, token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bytes().length).isLessThan(whole.length()).isPositive();
        assertThatThrownBy(response::json).hasMessageContaining("not JSON");
    }

    @Test
    void non_json_body_is_a_200_html_page() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.NON_JSON_BODY);

        RawHttp.Response response = call(http, http.token());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/html");
        assertThatThrownBy(response::json).hasMessageContaining("not JSON");
    }

    @Test
    void missing_result_leaves_out_exactly_one_id() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.MISSING_RESULT);

        List<String> ids = TestRecords.resultIds(call(http, http.token()).json());

        assertThat(ids).hasSize(IDS.size() - 1).doesNotHaveDuplicates();
        assertThat(IDS).containsAll(ids);
    }

    @Test
    void duplicate_result_repeats_exactly_one_id() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.DUPLICATE_RESULT);

        List<String> ids = TestRecords.resultIds(call(http, http.token()).json());

        assertThat(ids).hasSize(IDS.size() + 1);
        assertThat(Set.copyOf(ids)).isEqualTo(IDS);
    }

    @Test
    void unknown_result_id_answers_an_id_never_sent_in_place_of_one_sent() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.UNKNOWN_RESULT_ID);

        List<String> ids = TestRecords.resultIds(call(http, http.token()).json());

        assertThat(ids).hasSize(IDS.size());
        assertThat(ids.stream().filter(id -> !IDS.contains(id))).hasSize(1);
    }

    @Test
    void record_error_marks_one_record_error_and_does_not_bill_it() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.RECORD_ERROR);

        JsonNode results = call(http, http.token()).json().get("results");

        List<JsonNode> errors = new ArrayList<>();
        results.forEach(r -> {
            if ("ERROR".equals(r.get("status").asText())) {
                errors.add(r);
            }
        });
        assertThat(results).hasSize(IDS.size());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("message").asText()).isNotBlank();
        assertThat(emulator.journal().billedUnits()).isEqualTo(IDS.size() - 1);
    }

    @Test
    void token_revoked_fails_this_call_and_later_calls_with_that_token_only() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String revoked = http.token();
        String other = http.token();
        emulator.faults().script(1, Fault.TOKEN_REVOKED);

        assertModelError(call(http, revoked), 401, "TOKEN_INVALID");
        assertModelError(call(http, revoked), 401, "TOKEN_INVALID");
        assertThat(call(http, other).status()).isEqualTo(200);
        assertThat(call(http, http.token()).status()).isEqualTo(200);
        assertThat(emulator.journal().faultsInjected()).containsOnly(Map.entry(Fault.TOKEN_REVOKED, 1L));
    }

    @Test
    void answer_faults_do_not_apply_to_a_call_the_container_refuses() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.MISSING_RESULT);

        assertModelError(call(http, "bad-token"), 401, "TOKEN_INVALID");

        assertThat(emulator.journal().invocations().get(0).fault()).isNull();
        assertThat(emulator.journal().faultsInjected()).isEmpty();
    }

    @Test
    void faults_do_not_apply_to_a_call_sagemaker_rejects() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.THROTTLING);

        RawHttp.Response response = http.invoke("no-such-endpoint", RawHttp.sageMakerHeaders(), BATCH.getBytes());

        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("ValidationError");
        assertThat(emulator.journal().faultsInjected()).isEmpty();
    }

    @Test
    void reset_restarts_invocation_numbers_and_clears_scripts() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        emulator.faults().script(2, Fault.THROTTLING);
        call(http, token);

        emulator.emulator().reset();
        call(http, token);
        call(http, token);

        assertThat(emulator.journal().invocations()).extracting(InvocationRecord::number).containsExactly(1L, 2L);
        assertThat(emulator.journal().faultsInjected()).isEmpty();
    }
}
