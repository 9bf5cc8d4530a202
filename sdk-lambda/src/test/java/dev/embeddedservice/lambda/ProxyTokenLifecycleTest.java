package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import dev.embeddedservice.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy as Lambda runs it, configured from its environment: one client and one token per
 * execution environment, a re-activation when the container refuses the token, and SnapStart's
 * checkpoint dropping the token.
 */
class ProxyTokenLifecycleTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    EnvironmentScoped<EmbeddedServiceClient> environment;
    ProxyHandler proxy;

    @BeforeEach
    void newExecutionEnvironment() {
        environment = ProxyHandler.clientHolder(Fixtures.lookup(Fixtures.environment(emulator)), Fixtures.FAKE_AWS);
        proxy = new ProxyHandler(environment);
    }

    @AfterEach
    void endExecutionEnvironment() {
        environment.drop();
    }

    @Test
    void fiftyWarmInvocationsActivateOnce() {
        for (int i = 0; i < 50; i++) {
            assertAnswered(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        }

        assertThat(emulator.journal().activationCount()).isEqualTo(1);
        assertThat(emulator.journal().invocationCount()).isEqualTo(50);
    }

    @Test
    void aTokenTheContainerRefusesIsReplacedByOneActivation() {
        assertAnswered(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        emulator.faults().script(2, Fault.TOKEN_REVOKED);     // the second invocation's token is refused: 401

        APIGatewayProxyResponseEvent response = proxy.handleRequest(Fixtures.event("translate-mixed.json"), null);

        assertAnswered(response);
        assertThat(Fixtures.json(response.getBody()).get("summary").get("reactivations").asLong()).isEqualTo(1);
        assertThat(emulator.journal().activationCount()).isEqualTo(2);
        assertAnswered(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        assertThat(emulator.journal().activationCount()).as("the new token is kept").isEqualTo(2);
    }

    @Test
    void aSnapStartCheckpointDropsTheTokenAndTheFirstCallAfterRestoreActivates() {
        assertAnswered(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        assertThat(emulator.journal().activationCount()).isEqualTo(1);

        environment.beforeCheckpoint(null);
        assertThat(environment.isBuilt()).as("nothing of the client, so no token, is left for the snapshot").isFalse();
        environment.afterRestore(null);
        assertThat(emulator.journal().activationCount()).as("the restore hook makes no network call").isEqualTo(1);
        assertThat(emulator.journal().recentRequests()).hasSize(2);

        assertAnswered(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        assertThat(emulator.journal().activationCount()).isEqualTo(2);
    }

    @Test
    void revokedTokensAfterARestoreAreNeverServed() {
        assertAnswered(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null));
        environment.beforeCheckpoint(null);
        emulator.emulator().revokeTokens();      // every token issued before the snapshot is now refused
        environment.afterRestore(null);

        APIGatewayProxyResponseEvent response = proxy.handleRequest(Fixtures.event("translate-mixed.json"), null);

        assertAnswered(response);
        assertThat(Fixtures.json(response.getBody()).get("summary").get("reactivations").asLong())
                .as("a fresh activation, not a re-activation after a refused token").isZero();
    }

    private static void assertAnswered(APIGatewayProxyResponseEvent response) {
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode summary = Fixtures.json(response.getBody()).get("summary");
        assertThat(summary.get("failed").asLong()).isZero();
    }
}
