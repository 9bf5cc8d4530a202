package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.Operation;
import dev.embeddedservice.OverrideConfiguration;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.time.Duration;
import dev.embeddedservice.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's facade over the scripted endpoint: what the stream forms return, what it refuses, how it prints. */
class ClientFacadeTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final ScriptedSageMaker endpoint = new ScriptedSageMaker();
    private final BatchHarness.ScriptedTokens tokens = new BatchHarness.ScriptedTokens(clock);
    private final EmbeddedServiceClient client = ((DefaultClientBuilder) EmbeddedServiceClient.builder())
            .tokenProvider(tokens)
            .sageMakerClient(endpoint)
            .endpointName("ep")
            .region("us-east-1")
            .maxConcurrency(1)
            .clock(clock)
            .environment(name -> null)
            .build();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void aGenericStreamReturnsItsSummaryAndDeliversEveryResultInOrder() {
        Operation<Map, Map> op = Operation.of("translate", Map.class, Map.class);
        List<Map> inputs = List.of(Map.of("value", "a"), Map.of("value", "b"), Map.of("value", "a"));
        List<RecordResult<Map>> results = new ArrayList<>();

        InvocationSummary summary = client.invokeStream(op, inputs.iterator(), results::add);

        assertThat(summary.records()).isEqualTo(3);
        assertThat(summary.ok()).isEqualTo(3);
        assertThat(summary.uniqueRecordsSent()).isEqualTo(2);
        assertThat(results).extracting(RecordResult::status).containsOnly(RecordStatus.OK);
        assertThat(results).extracting(r -> r.value().orElseThrow().get("translatedId"))
                .containsExactly("tk_a", "tk_b", "tk_a");
    }

    @Test
    void aBlankNamespaceForAStreamIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.translateStream(List.of(Identifier.custom("a")).iterator(), " ", r -> { }))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("targetNamespace must not be blank");
        assertThat(endpoint.sent()).isEmpty();
        assertThat(tokens.calls).isZero();
    }

    @Test
    void itsStringNamesItsSettingsAndNoToken() {
        client.translate(List.of(Identifier.custom("a")));

        assertThat(client.toString()).startsWith("EmbeddedServiceClient[").contains("ep").doesNotContain("tok-1");
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void aResumedGenericStreamSendsOnlyWhatTheEarlierRunDidNotDeliver() {
        Operation<Map, Map> op = Operation.of("translate", Map.class, Map.class);
        List<Map> inputs = List.of(Map.of("value", "a"), Map.of("value", "b"), Map.of("value", "c"));
        RecordResult<Map> earlier = RecordResult.ok(Map.of("translatedId", "tk_a"));
        List<RecordResult<Map>> results = new ArrayList<>();

        InvocationSummary summary = client.invokeStream(op, inputs.iterator(), results::add, List.of(earlier).iterator());

        assertThat(results).extracting(r -> r.value().orElseThrow().get("translatedId")).containsExactly("tk_b", "tk_c");
        assertThat(summary.records()).isEqualTo(2);
        assertThat(summary.uniqueRecordsSent()).isEqualTo(2);
        assertThat(summary.elapsed()).isBetween(Duration.ZERO, Duration.ofMinutes(10));
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void everyCallOfAClosedClientFailsEvenWithNothingToSend() {
        Operation<Map, Map> op = Operation.of("translate", Map.class, Map.class);
        client.close();

        List<ThrowingCallable> calls = List.of(
                () -> client.translate(List.of()),
                () -> client.translate(TranslateRequest.builder().build()),
                () -> client.translateStream(List.<Identifier>of().iterator(), null, r -> { }),
                () -> client.invoke(op, List.of()),
                () -> client.invokeStream(op, List.<Map>of().iterator(), r -> { }),
                () -> client.translateAsync(TranslateRequest.builder().build()),
                () -> client.invokeAsync(op, List.of()));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(EmbeddedServiceException.class).hasMessage("the client is closed");
        }
        assertThat(endpoint.sent()).isEmpty();
        assertThat(tokens.calls).isZero();
    }

    @Test
    void overridesAreReplacedWholeOrChangedInPlaceAndANullRegionNameIsAccepted() {
        OverrideConfiguration whole = OverrideConfiguration.builder().deadline(Duration.ofSeconds(42)).build();
        try (EmbeddedServiceClient replaced = builder().overrideConfiguration(whole).build();
             EmbeddedServiceClient changed = builder().overrideConfiguration((OverrideConfiguration) null)
                     .overrideConfiguration(o -> o.deadline(Duration.ofSeconds(7))).build()) {
            assertThat(settings(replaced).overrides().deadline()).isEqualTo(Duration.ofSeconds(42));
            assertThat(settings(changed).overrides().deadline()).isEqualTo(Duration.ofSeconds(7));
        }
        // A null region name clears the region (it is then resolved from the environment at build time).
        assertThat(builder().region((String) null)).isNotNull();
    }

    private DefaultClientBuilder builder() {
        return ((DefaultClientBuilder) EmbeddedServiceClient.builder())
                .tokenProvider(tokens).sageMakerClient(endpoint).endpointName("ep").region("us-east-1")
                .clock(clock).environment(name -> null);
    }

    private static ClientSettings settings(EmbeddedServiceClient client) {
        return ((DefaultEmbeddedServiceClient) client).runtime().settings();
    }
}
