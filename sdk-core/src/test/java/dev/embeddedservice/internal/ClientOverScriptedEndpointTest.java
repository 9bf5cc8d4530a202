package dev.embeddedservice.internal;

import static dev.embeddedservice.internal.ScriptedSageMaker.serviceError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole client, blocking, async and streaming, over an in-process scripted endpoint and
 * scripted tokens, with the builder's sleeper and jitter seams: what each form returns, what it
 * sends, what it counts and what the listener hears, without HTTP or real waits.
 */
class ClientOverScriptedEndpointTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final ScriptedSageMaker endpoint = new ScriptedSageMaker();
    private final BatchHarness.ScriptedTokens tokens = new BatchHarness.ScriptedTokens(clock);
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final List<EmbeddedServiceListener.RetryEvent> retries = Collections.synchronizedList(new ArrayList<>());
    private EmbeddedServiceClient client;

    private EmbeddedServiceClient client(int maxRecords) {
        client = ((DefaultClientBuilder) EmbeddedServiceClient.builder())
                .sleeper(d -> {
                    sleeps.add(d);
                    clock.advance(d);
                })
                .jitter(() -> 0.0)
                .tokenProvider(tokens)
                .sageMakerClient(endpoint)
                .endpointName("ep")
                .region("us-east-1")
                .maxConcurrency(1)
                .maxRecordsPerInvocation(maxRecords)
                .clock(clock)
                .environment(name -> null)
                .listener(new EmbeddedServiceListener() {
                    @Override
                    public void retryScheduled(RetryEvent event) {
                        retries.add(event);
                    }
                })
                .build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** {@code r0, r1, ...}, with {@code r0} again at every tenth position. */
    private static List<Identifier> inputs(int n) {
        List<Identifier> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Identifier.custom(i % 10 == 9 ? "r0" : "r" + i));
        }
        return ids;
    }

    private static void answeredInOrder(List<Identifier> ids, List<TranslateResult> results) {
        assertThat(results).hasSameSizeAs(ids);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(results.get(i).status()).isEqualTo(RecordStatus.OK);
            assertThat(results.get(i).translatedId()).as("input %d", i).hasValue("tk_" + ids.get(i).value());
        }
    }

    @Test
    void aBlockingCallSendsEachDistinctRecordOnceAndCountsIt() {
        List<Identifier> ids = inputs(250);

        TranslateResponse response = client(100).translate(ids);

        answeredInOrder(ids, response.results());
        int distinct = 250 - 25;
        assertThat(endpoint.sizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(distinct);
        assertThat(endpoint.sizes()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(100));
        InvocationSummary summary = response.summary();
        assertThat(summary.records()).isEqualTo(250);
        assertThat(summary.uniqueRecordsSent()).isEqualTo(distinct);
        assertThat(summary.billedRecords()).isEqualTo(distinct);
        assertThat(summary.invocations()).isEqualTo(endpoint.sizes().size());
        assertThat(summary.ok()).isEqualTo(250);
        assertThat(summary.failed()).isZero();
        assertThat(summary.retries()).isZero();
        assertThat(summary.reactivations()).isZero();
    }

    @Test
    void theAsyncFormGivesTheBlockingFormsResults() throws Exception {
        List<Identifier> ids = inputs(120);

        TranslateResponse response = client(50).translateAsync(dev.embeddedservice.TranslateRequest.of(ids)).get();

        answeredInOrder(ids, response.results());
        assertThat(response.summary().records()).isEqualTo(120);
    }

    @Test
    void aStreamDeliversEveryResultInInputOrderAndSendsEachDistinctRecordOnce() {
        List<Identifier> ids = inputs(330);
        List<TranslateResult> delivered = new ArrayList<>();

        InvocationSummary summary = client(100).translateStream(ids.iterator(), null, delivered::add);

        answeredInOrder(ids, delivered);
        assertThat(summary.records()).isEqualTo(330);
        assertThat(summary.uniqueRecordsSent()).isEqualTo(330 - 33);
        assertThat(endpoint.sizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(330 - 33);
        assertThat(summary.billedRecords()).isEqualTo(330 - 33);
    }

    @Test
    void theBackoffRunsThroughTheBuildersSleeperAndJitter() {
        endpoint.thenThrow(serviceError("InternalFailure", 500)).thenThrow(serviceError("InternalFailure", 500));

        TranslateResponse response = client(100).translate(inputs(5));

        answeredInOrder(inputs(5), response.results());
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(retries).extracting(EmbeddedServiceListener.RetryEvent::backoff)
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(response.summary().retries()).isEqualTo(2);
        assertThat(response.summary().invocations()).isEqualTo(3);
    }

    @Test
    void aRefusedTokenIsCountedAsOneReactivation() {
        endpoint.thenThrow(ScriptedSageMaker.modelError(401, "{\"error\":\"TOKEN_EXPIRED\"}"));

        TranslateResponse response = client(100).translate(inputs(3));

        assertThat(response.summary().reactivations()).isEqualTo(1);
        assertThat(response.summary().failed()).isZero();
        assertThat(endpoint.sent()).extracting(ScriptedSageMaker.Sent::token).containsExactly("tok-1", "tok-2");
    }

    @Test
    void aClosedClientRefusesCalls() {
        EmbeddedServiceClient closed = client(100);
        closed.close();

        assertThatThrownBy(() -> closed.translate(inputs(1))).isExactlyInstanceOf(EmbeddedServiceException.class)
                .hasMessage("the client is closed");
        assertThat(endpoint.sent()).isEmpty();
    }
}
