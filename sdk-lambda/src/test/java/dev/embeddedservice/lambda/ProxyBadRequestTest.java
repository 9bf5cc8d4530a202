package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/** Requests the proxy refuses, each with its status and a JSON error of its own words; refused activations. */
class ProxyBadRequestTest {

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
            @Event("events/bad-malformed-json.json"),
            @Event("events/bad-unknown-type.json"),
            @Event("events/bad-missing-value.json"),
            @Event("events/bad-missing-identifiers.json"),
            @Event("events/bad-identifiers-not-array.json"),
            @Event("events/bad-empty-body.json"),
            @Event("events/bad-unknown-field.json"),
            @Event("events/bad-blank-namespace.json"),
            @Event("events/bad-body-not-object.json"),
            @Event("events/bad-invoke-records-without-data.json")})
    void aBadRequestIs400WithAnErrorAndNothingIsSent(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = proxy.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = Fixtures.json(response.getBody());
        assertThat(body.get("error").asText()).isEqualTo("BAD_REQUEST");
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("alice").doesNotContain("ssn")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(emulator.journal().invocationCount()).isZero();
    }

    @Test
    void malformedJsonIsNamedByItsPlaceNotByItsText() {
        JsonNode body = Fixtures.json(proxy.handleRequest(Fixtures.event("bad-malformed-json.json"), null).getBody());

        assertThat(body.get("message").asText()).matches("the request body is not valid JSON \\(line \\d+, column \\d+\\)");
    }

    @Test
    void moreIdentifiersThanTheSynchronousPayloadAllowsIs413() {
        StringBuilder json = new StringBuilder("{\"identifiers\": [");
        for (int i = 0; i <= ProxyHandler.MAX_RECORDS_PER_REQUEST; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\": \"email\", \"value\": \"u").append(i).append("@example.com\"}");
        }
        APIGatewayProxyRequestEvent event = Fixtures.event("translate-mixed.json").withBody(json.append("]}").toString());

        APIGatewayProxyResponseEvent response = proxy.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(Fixtures.json(response.getBody()).get("error").asText()).isEqualTo("TOO_MANY_RECORDS");
        assertThat(emulator.journal().invocationCount()).isZero();
    }

    @Test
    void exactlyTheLimitIsAnswered() {
        StringBuilder json = new StringBuilder("{\"identifiers\": [");
        for (int i = 0; i < ProxyHandler.MAX_RECORDS_PER_REQUEST; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\": \"maid\", \"value\": \"")
                    .append(String.format("%08x-0000-4000-8000-000000000000", i)).append("\"}");
        }
        APIGatewayProxyRequestEvent event = Fixtures.event("translate-mixed.json").withBody(json.append("]}").toString());

        APIGatewayProxyResponseEvent response = proxy.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Fixtures.json(response.getBody()).get("results")).hasSize(ProxyHandler.MAX_RECORDS_PER_REQUEST);
    }

    @Test
    void anotherMethodIs405WithAllow() {
        APIGatewayProxyResponseEvent response = proxy.handleRequest(Fixtures.event("get-translate.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "POST");
    }

    @Test
    void anUnknownRouteIs404() {
        assertThat(proxy.handleRequest(Fixtures.event("unknown-route.json"), null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void anInactiveSubscriptionIs403WithItsTypedReason() {
        try (EmbeddedServiceClient fresh = Fixtures.client(emulator)) {
            emulator.emulator().activationFailure(ActivationFailure.SUBSCRIPTION_INACTIVE);
            APIGatewayProxyResponseEvent response = new ProxyHandler(fresh)
                    .handleRequest(Fixtures.event("translate-mixed.json"), null);

            assertThat(response.getStatusCode()).isEqualTo(403);
            JsonNode body = Fixtures.json(response.getBody());
            assertThat(body.get("error").asText()).isEqualTo("SUBSCRIPTION_INACTIVE");
            assertThat(body.get("retryable").asBoolean()).isFalse();
            assertThat(response.getBody()).doesNotContain(emulator.licenseKey()).doesNotContain("\tat ");
        }
    }

    @Test
    void aRefusedLicenseKeyIs502InvalidCredentials() {
        try (EmbeddedServiceClient fresh = Fixtures.client(emulator)) {
            emulator.emulator().activationFailure(ActivationFailure.INVALID_CREDENTIALS);
            APIGatewayProxyResponseEvent response = new ProxyHandler(fresh)
                    .handleRequest(Fixtures.event("translate-mixed.json"), null);

            assertThat(response.getStatusCode()).isEqualTo(502);
            assertThat(Fixtures.json(response.getBody()).get("error").asText()).isEqualTo("INVALID_CREDENTIALS");
        }
    }

    @Test
    void aMisconfiguredProxyIs500WithoutTheDetailsWhichGoToTheLog() {
        ProxyHandler misconfigured = new ProxyHandler(ProxyHandler.clientHolder(name -> null, Fixtures.FAKE_AWS));

        APIGatewayProxyResponseEvent response = misconfigured.handleRequest(Fixtures.event("translate-mixed.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        JsonNode body = Fixtures.json(response.getBody());
        assertThat(body.get("error").asText()).isEqualTo("PROXY_MISCONFIGURED");
        assertThat(body.get("message").asText()).doesNotContain("EMBEDDED_SERVICE");
    }
}
