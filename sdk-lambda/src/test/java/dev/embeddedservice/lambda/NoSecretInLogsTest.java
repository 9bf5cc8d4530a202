package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.lambda.internal.AuthorizerUnavailableException;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import dev.embeddedservice.testkit.Fault;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of both handlers, good and bad, with what they logged (every level of the SDK's and the
 * handlers' loggers) and what they answered scanned for the license key, every token issued, and every
 * identifier value sent. None may appear, and no log line may carry a stack trace.
 */
class NoSecretInLogsTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    final Set<String> tokens = new CopyOnWriteArraySet<>();
    final List<String> answers = new ArrayList<>();

    @Test
    void noAnswerAndNoLogLineHoldsTheKeyATokenOrAValue() {
        CapturedLogs.clear();
        ActivationTokenProvider provider = ActivationTokenProvider.builder()
                .activationConfig(ActivationConfig.builder().activationUrl(emulator.activationUrl())
                        .productCode(emulator.productCode()).licenseKey(emulator.licenseKey())
                        .environment(name -> null).build())
                .addListener(token -> tokens.add(token.value()))
                .build();
        try (provider; EmbeddedServiceClient client = EmbeddedServiceClient.builder().tokenProvider(provider)
                .endpointOverride(URI.create(emulator.endpointUrl())).region(emulator.region())
                .credentialsProvider(Fixtures.FAKE_AWS).environment(name -> null).build()) {
            ProxyHandler proxy = new ProxyHandler(client);
            for (String event : List.of("translate-mixed.json", "translate-default-namespace.json",
                    "translate-base64.json", "invoke-fraud-score.json", "bad-malformed-json.json",
                    "bad-unknown-type.json", "bad-unknown-field.json", "bad-missing-value.json",
                    "bad-body-not-object.json", "get-translate.json", "unknown-route.json")) {
                answer(proxy.handleRequest(Fixtures.event(event), null));
            }
            emulator.faults().script(emulator.journal().invocationCount() > 0
                    ? (int) emulator.journal().invocationCount() + 1 : 1, Fault.TOKEN_REVOKED);
            answer(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));      // 401, re-activation
            emulator.faults().script((int) emulator.journal().invocationCount() + 1, Fault.CONTAINER_500);
            answer(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        }
        exerciseTheEnvironmentConfiguredHandlers();

        List<String> secrets = new ArrayList<>(tokens);
        secrets.add(emulator.licenseKey());
        secrets.addAll(identifierValues());
        assertThat(tokens).as("tokens were issued and watched").hasSizeGreaterThanOrEqualTo(2);
        List<String> logs = CapturedLogs.lines();
        assertThat(logs).as("the handlers logged").anyMatch(l -> l.contains("route=/translate status=200"))
                .anyMatch(l -> l.contains("decision=Allow")).anyMatch(l -> l.contains("decision=Deny"));
        for (String secret : secrets) {
            assertThat(logs).as("log lines").noneMatch(l -> l.contains(secret));
            assertThat(answers).as("answers").noneMatch(a -> a.contains(secret));
        }
        // The deployed jar logs at INFO (simplelogger.properties); at DEBUG the SDK's token cache adds the
        // failure's stack trace, free of secrets as the scan above shows.
        assertThat(logs).as("stack traces in log lines at INFO and above, or of the handlers at any level")
                .filteredOn(l -> !l.startsWith("DEBUG ") && !l.startsWith("TRACE ")
                        || l.split(" ", 3)[1].startsWith("dev.embeddedservice.lambda"))
                .noneMatch(l -> l.contains("\n\tat "));
        assertThat(answers).as("stack traces in answers").noneMatch(a -> a.contains("\tat ") || a.contains("Exception"));
    }

    /** The deployed path: clients and providers built from the environment, refusals, a checkpoint. */
    private void exerciseTheEnvironmentConfiguredHandlers() {
        Map<String, String> env = new HashMap<>(Fixtures.environment(emulator));
        env.put(LambdaSettings.ENV_ALLOWED_VPCE_IDS, AuthorizerHandlerTest.ALLOWED_VPCE);
        EnvironmentScoped<EmbeddedServiceClient> clients = ProxyHandler.clientHolder(env::get, Fixtures.FAKE_AWS);
        EnvironmentScoped<ActivationTokenProvider> providers = AuthorizerHandler.tokenHolder(env::get, Fixtures.FAKE_AWS);
        ProxyHandler proxy = new ProxyHandler(clients);
        AuthorizerHandler authorizer = new AuthorizerHandler(providers, env::get, Clock.systemUTC());
        try {
            authorize(authorizer, "authorizer-allowed-vpce.json");
            tokens.add(providers.get().token().value());
            authorize(authorizer, "authorizer-other-vpce.json");
            answer(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
            clients.beforeCheckpoint(null);
            providers.beforeCheckpoint(null);
            clients.afterRestore(null);
            providers.afterRestore(null);
            emulator.emulator().activationFailure(ActivationFailure.SUBSCRIPTION_INACTIVE);
            answer(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
            authorize(authorizer, "authorizer-allowed-vpce.json");
            emulator.emulator().activationFailure(ActivationFailure.SERVICE_UNAVAILABLE);
            providers.drop();
            env.put(LambdaSettings.ENV_ACTIVATION_DEADLINE_SECONDS, "1");
            authorize(authorizer, "authorizer-allowed-vpce.json");
            emulator.emulator().clearActivationFailure();
            Map<String, String> broken = new HashMap<>(env);
            broken.remove("EMBEDDED_SERVICE_ENDPOINT_NAME");
            broken.put(ActivationConfig.ENV_ACTIVATION_URL, "ftp://partner.example");
            answer(new ProxyHandler(ProxyHandler.clientHolder(broken::get, Fixtures.FAKE_AWS))
                    .handleRequest(Fixtures.event("translate-mixed.json"), null));
        } finally {
            clients.drop();
            providers.drop();
        }
    }

    private void authorize(AuthorizerHandler authorizer, String event) {
        APIGatewayCustomAuthorizerEvent e = AuthorizerHandlerTest.event(event);
        try {
            IamPolicyResponse policy = authorizer.handleRequest(e, null);
            answers.add(policy.getPrincipalId() + " " + policy.getPolicyDocument() + " " + policy.getContext());
        } catch (AuthorizerUnavailableException failure) {
            answers.add(failure.getMessage());
        }
    }

    private void answer(APIGatewayProxyResponseEvent response) {
        answers.add(response.getStatusCode() + " " + response.getHeaders() + " " + response.getBody());
    }

    /** Every identifier value of the events, as sent and as the SDK hashes emails (the wire value). */
    private static List<String> identifierValues() {
        List<String> values = new ArrayList<>();
        for (String name : List.of("translate-mixed.json", "translate-default-namespace.json")) {
            APIGatewayProxyRequestEvent event = Fixtures.event(name);
            for (JsonNode id : Fixtures.json(event.getBody()).get("identifiers")) {
                String value = id.get("value").asText();
                if (value.trim().length() >= 6 && value.matches(".*[@0-9].*")) {     // not "not an email", a reason's words
                    values.add(value.trim());
                }
                if (id.get("type").asText().equalsIgnoreCase("email")) {
                    values.add(Reference.sha256(value.trim().toLowerCase(java.util.Locale.ROOT)));
                }
            }
        }
        return values;
    }
}
