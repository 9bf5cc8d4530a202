package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both handlers behind the local API-Gateway-shaped front, over loopback HTTP. */
class LocalApiGatewayTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    static EmbeddedServiceClient client;
    static ActivationTokenProvider tokens;
    static LocalApiGateway gateway;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        client = Fixtures.client(emulator);
        tokens = ActivationTokenProvider.create(ActivationConfig.builder()
                .activationUrl(emulator.activationUrl())
                .productCode(emulator.productCode())
                .licenseKey(emulator.licenseKey())
                .environment(name -> null)
                .build());
        AuthorizerHandler authorizer = new AuthorizerHandler(tokens,
                Map.of(LambdaSettings.ENV_ALLOWED_VPCE_IDS, LocalApiGateway.VPC_ENDPOINT_ID)::get);
        gateway = LocalApiGateway.start(0, authorizer, new ProxyHandler(client));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        tokens.close();
        client.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("x-amzn-vpce-id", "vpce-0ffffffffffffffff")     // replaced, as the VPC endpoint would
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTranslateOverLoopbackHttpIsAnsweredAsTheProtocolSays() throws Exception {
        HttpResponse<String> response = post("/translate", "{\"targetNamespace\": \"acme-media\", \"identifiers\": ["
                + "{\"type\": \"email\", \"value\": \" Alice@Example.com\"}, {\"type\": \"maid\", \"value\": \"nope\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode results = Fixtures.json(response.body()).get("results");
        Reference.Expected alice = Reference.expected("acme-media", "email", " Alice@Example.com");
        assertThat(results.get(0).get("status").asText()).isEqualTo(alice.status());
        assertThat(results.get(0).path("translatedId").asText(null)).isEqualTo(alice.translatedId());
        assertThat(results.get(1).get("status").asText()).isEqualTo("INVALID");
    }

    @Test
    void theProxysOwnAnswersPassThrough() throws Exception {
        HttpResponse<String> response = post("/translate", "{\"identifiers\": [{\"type\": \"ssn\", \"value\": \"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Fixtures.json(response.body()).get("error").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void aRouteTheApiDoesNotHaveIsAnsweredAsApiGatewayWould() throws Exception {
        HttpResponse<String> response = post("/translations", "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Missing Authentication Token");
    }

    @Test
    void aDenyIs403() throws Exception {
        AuthorizerHandler strict = new AuthorizerHandler(tokens,
                Map.of(LambdaSettings.ENV_ALLOWED_VPCE_IDS, "vpce-0another000000000")::get);
        try (LocalApiGateway other = LocalApiGateway.start(0, strict, new ProxyHandler(client))) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(other.url() + "/translate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"identifiers\": []}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("explicit deny");
        }
    }
}
