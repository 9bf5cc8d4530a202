package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker pool follows the activation config's {@code maxConcurrency} (1 to 256, the default 8
 * for none or a value below 1) unless the builder set one, growing and shrinking with both of its
 * sizes; the figures are the documented ones, written out here.
 */
class ClientRuntimeConcurrencyTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final ScriptedSageMaker endpoint = new ScriptedSageMaker();
    private final BatchHarness.ScriptedTokens tokens = new BatchHarness.ScriptedTokens(clock);
    private DefaultEmbeddedServiceClient client;

    private ClientRuntime runtime(Integer builderConcurrency) {
        DefaultClientBuilder builder = (DefaultClientBuilder) EmbeddedServiceClient.builder();
        builder.tokenProvider(tokens)
                .sageMakerClient(endpoint)
                .endpointName("ep")
                .region("us-east-1")
                .clock(clock)
                .environment(name -> null);
        if (builderConcurrency != null) {
            builder.maxConcurrency(builderConcurrency);
        }
        client = (DefaultEmbeddedServiceClient) builder.build();
        return client.runtime();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static ServiceConfig concurrency(Integer n) {
        return ServiceConfig.builder().maxConcurrency(n).build();
    }

    private static void assertPool(ClientRuntime rt, int expected) {
        assertThat(rt.concurrency()).as("maximum pool size").isEqualTo(expected);
        assertThat(rt.coreConcurrency()).as("core pool size").isEqualTo(expected);
    }

    @Test
    void thePoolFollowsTheConfigUpAndDownWithinItsBounds() {
        ClientRuntime rt = runtime(null);
        assertPool(rt, 8);

        rt.applyServiceConfig(concurrency(3));
        assertPool(rt, 3);
        rt.applyServiceConfig(concurrency(12));
        assertPool(rt, 12);
        rt.applyServiceConfig(concurrency(12));
        assertPool(rt, 12);
        rt.applyServiceConfig(concurrency(11));
        assertPool(rt, 11);
        rt.applyServiceConfig(concurrency(1));
        assertPool(rt, 1);
        rt.applyServiceConfig(concurrency(0));
        assertPool(rt, 8);
        rt.applyServiceConfig(concurrency(-5));
        assertPool(rt, 8);
        rt.applyServiceConfig(concurrency(255));
        assertPool(rt, 255);
        rt.applyServiceConfig(concurrency(256));
        assertPool(rt, 256);
        rt.applyServiceConfig(concurrency(257));
        assertPool(rt, 256);
        rt.applyServiceConfig(concurrency(100_000));
        assertPool(rt, 256);
        rt.applyServiceConfig(ServiceConfig.empty());
        assertPool(rt, 8);
    }

    @Test
    void theBuildersSettingWinsOverTheConfig() {
        ClientRuntime rt = runtime(2);
        assertPool(rt, 2);

        rt.applyServiceConfig(concurrency(5));
        assertPool(rt, 2);
        rt.applyServiceConfig(ServiceConfig.empty());
        assertPool(rt, 2);
    }

    @Test
    void aCallAppliesTheConfigOfItsToken() {
        tokens.config(concurrency(3));
        ClientRuntime rt = runtime(null);

        client.translate(List.of(Identifier.custom("a"), Identifier.custom("b")));

        assertPool(rt, 3);
        assertThat(rt.currentConfig().maxConcurrency()).hasValue(3);
    }

    @Test
    void aClosedClientRefusesAFirstTokenAndARunner() {
        ClientRuntime rt = runtime(null);
        client.close();

        assertThatThrownBy(rt::firstToken).isInstanceOf(EmbeddedServiceException.class)
                .hasMessage("the client is closed");
        assertThat(tokens.calls).as("no token asked for by a closed client").isZero();
        assertThatThrownBy(() -> rt.runner(tokens.token())).isInstanceOf(EmbeddedServiceException.class)
                .hasMessage("the client is closed");
    }
}
