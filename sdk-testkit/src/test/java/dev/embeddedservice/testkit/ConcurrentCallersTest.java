package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** Eight concurrent callers sharing one real SDK client: every answer correct, the journal exact. */
class ConcurrentCallersTest {

    @Test
    void eight_concurrent_callers_get_correct_answers_and_an_exact_journal() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().awsCredentials(AwsSdkFidelityTest.FAKE).start();
             SageMakerRuntimeClient client = AwsSdkFidelityTest.client(emulator, AwsSdkFidelityTest.FAKE, false)) {
            String token = emulator.issueToken();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> callers = new ArrayList<>();
            for (int caller = 0; caller < 8; caller++) {
                int seed = caller;
                callers.add(pool.submit(() -> {
                    int checked = 0;
                    for (int call = 0; call < 6; call++) {
                        List<TestRecords.Item> items = TestRecords.valid(1000, seed * 100L + call);
                        byte[] body = TestRecords.batch(items).getBytes(StandardCharsets.UTF_8);
                        JsonNode answer = RawHttp.MAPPER.readTree(
                                AwsSdkFidelityTest.invoke(client, emulator, token, body).body().asByteArray());
                        Map<String, JsonNode> byId = new HashMap<>();
                        answer.get("results").forEach(r -> byId.put(r.get("id").asText(), r));
                        for (TestRecords.Item item : items) {
                            TestRecords.Expected expected = TestRecords.expected("acme-media", item.type(), item.value());
                            JsonNode result = byId.get(item.id());
                            assertThat(result.get("status").asText()).isEqualTo(expected.status());
                            if (expected.translatedId() != null) {
                                assertThat(result.at("/data/translatedId").asText()).isEqualTo(expected.translatedId());
                            }
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int checked = 0;
            for (Future<Integer> caller : callers) {
                checked += caller.get();
            }
            pool.shutdown();

            assertThat(checked).isEqualTo(48_000);
            EmulatorJournal journal = emulator.journal();
            assertThat(journal.invocationCount()).isEqualTo(48);
            assertThat(journal.invocations()).extracting(InvocationRecord::number)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 48).boxed().toList());
            assertThat(journal.billedUnits()).isEqualTo(48_000);
            assertThat(journal.largestInvocationRecords()).isEqualTo(1000);
        }
    }
}
