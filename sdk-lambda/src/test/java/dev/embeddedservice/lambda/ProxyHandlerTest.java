package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The proxy on real API Gateway REST (payload 1.0) events, against the emulator: every answer is
 * recomputed from the protocol, every bad request is refused with its own status.
 */
class ProxyHandlerTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    static EmbeddedServiceClient client;
    static ProxyHandler proxy;

    @BeforeAll
    static void start() {
        client = Fixtures.client(emulator);
        proxy = new ProxyHandler(client);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @ParameterizedTest
    @Events(type = APIGatewayProxyRequestEvent.class, events = {
            @Event("events/translate-mixed.json"),
            @Event("events/translate-default-namespace.json"),
            @Event("events/translate-base64.json")})
    void translateAnswersEveryIdentifierInInputOrderAsTheProtocolSays(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = proxy.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        JsonNode request = Fixtures.json(Boolean.TRUE.equals(event.getIsBase64Encoded())
                ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody());
        String namespace = request.has("targetNamespace") ? request.get("targetNamespace").asText() : "default";
        JsonNode identifiers = request.get("identifiers");
        JsonNode results = Fixtures.json(response.getBody()).get("results");
        assertThat(results).hasSize(identifiers.size());
        for (int i = 0; i < identifiers.size(); i++) {
            Reference.Expected expected = Reference.expected(namespace, identifiers.get(i).get("type").asText(),
                    identifiers.get(i).get("value").asText());
            JsonNode actual = results.get(i);
            assertThat(actual.get("status").asText()).as("status of identifier %d", i).isEqualTo(expected.status());
            assertThat(actual.get("type").asText()).as("type of identifier %d", i).isEqualTo(expected.type());
            assertThat(actual.path("translatedId").asText(null)).as("translatedId of identifier %d", i)
                    .isEqualTo(expected.translatedId());
            if (expected.status().equals("INVALID")) {
                assertThat(actual.get("reason").asText()).isNotBlank();
            }
        }
    }

    @Test
    void theSummaryCountsWhatTheCallDid() {
        JsonNode body = Fixtures.json(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null).getBody());

        JsonNode summary = body.get("summary");
        assertThat(summary.get("records").asLong()).isEqualTo(9);
        assertThat(summary.get("ok").asLong() + summary.get("notFound").asLong() + summary.get("invalid").asLong()
                + summary.get("failed").asLong()).isEqualTo(9);
        assertThat(summary.get("invalid").asLong()).isEqualTo(2);
        assertThat(summary.get("uniqueRecordsSent").asLong()).as("two spellings of one email are sent once")
                .isEqualTo(6);
        assertThat(summary.get("invocations").asLong()).isEqualTo(1);
    }

    @Test
    void invokePassesEachRecordsDataThroughToTheOperation() throws Exception {
        APIGatewayProxyResponseEvent response = proxy.handleRequest(Fixtures.event("invoke-fraud-score.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode request = Fixtures.json(Fixtures.event("invoke-fraud-score.json").getBody()).get("records");
        JsonNode results = Fixtures.json(response.getBody()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(1).get("status").asText()).isEqualTo("INVALID");
        for (int i : new int[] {0, 2}) {
            JsonNode data = request.get(i).get("data");
            byte[] h = MessageDigest.getInstance("SHA-256").digest((data.get("accountIdHash").asText() + "|"
                    + data.get("amountCents").asLong() + "|" + data.get("currency").asText() + "|"
                    + data.get("country").asText()).getBytes(StandardCharsets.UTF_8));
            int k = (int) ((long) (((h[0] & 0xff) << 8) | (h[1] & 0xff)) * 10_000 / 65_536);
            assertThat(results.get(i).get("status").asText()).isEqualTo("OK");
            assertThat(results.get(i).get("data").get("score").decimalValue().movePointRight(4).intValueExact())
                    .as("score of record %d (%s)", i, HexFormat.of().formatHex(h, 0, 2)).isEqualTo(k);
            assertThat(results.get(i).get("data").get("band").asText())
                    .isEqualTo(k < 6000 ? "LOW" : k < 9000 ? "MEDIUM" : "HIGH");
        }
    }
}
