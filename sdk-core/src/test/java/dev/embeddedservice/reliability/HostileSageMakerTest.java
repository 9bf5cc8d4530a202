package dev.embeddedservice.reliability;

import dev.embeddedservice.Reference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmulatorFixture;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.EmbeddedServiceListener.InvocationEvent;
import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken or hostile SageMaker endpoint cannot hang, crash or exhaust the client. Each call sends
 * four batches of 50 records; the second batch (and only it) gets a hostile answer from
 * {@link HostileFront}, the others are answered by a real emulator. The client must bound what it
 * reads, give up by its own attempt timeout or deadline, fail that batch alone with a reason, and
 * answer the other three correctly without waiting for it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard: a hang fails instead of stalling the build
class HostileSageMakerTest {

    private static final int BATCH = 50;
    private static final int BATCHES = 4;
    private static final int HOSTILE_FROM = BATCH;   // the second batch: inputs 50..99
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The most an endpoint can get out before the client drops the connection: the client's
     * default bound (8 MiB) plus what the two sides' socket buffers hold on loopback.
     */
    private static final long BOUND_AND_SOCKET_BUFFERS = 32L << 20;

    private static EmbeddedServiceEmulator emulator;
    private HostileFront front;
    private final ConcurrentLinkedQueue<InvocationEvent> events = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startEmulator() {
        emulator = EmbeddedServiceEmulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @AfterEach
    void stopFront() throws Exception {
        if (front != null) {
            front.close();
        }
    }

    // ------------------------------------------------------------------ bodies that break the protocol

    static Stream<Arguments> protocolBreakingBodies() {
        return Stream.of(
                Arguments.of("deeply nested JSON before the results",
                        "{\"padding\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"results\":[]}",
                        "response body exceeds parser limits"),
                Arguments.of("deeply nested JSON in a result's unknown field",
                        results(i -> i == 3 ? "{\"id\":\"3\",\"status\":\"NOT_FOUND\",\"x\":" + "[".repeat(100_000)
                                + "]".repeat(100_000) + "}" : notFound(i)),
                        "response body exceeds parser limits"),
                Arguments.of("deeply nested JSON inside a result's data",
                        results(i -> i == 3 ? "{\"id\":\"3\",\"status\":\"OK\",\"data\":" + "{\"a\":".repeat(50_000)
                                + "1" + "}".repeat(50_000) + "}" : notFound(i)),
                        "response body exceeds parser limits"),
                Arguments.of("results an object", "{\"results\":{\"0\":{\"status\":\"OK\"}}}",
                        "response results is not an array"),
                Arguments.of("the body a JSON array", "[{\"id\":\"0\",\"status\":\"NOT_FOUND\"}]",
                        "response body is not a JSON object"),
                Arguments.of("a result a string", seventhIs("\"7\""),
                        "a result is not a JSON object"),
                Arguments.of("an id a number", seventhIs("{\"id\":7,\"status\":\"NOT_FOUND\"}"),
                        "a result id is not a string"),
                Arguments.of("a status a boolean", seventhIs("{\"id\":\"7\",\"status\":true}"),
                        "a result status is not a string"),
                Arguments.of("an unknown status", seventhIs("{\"id\":\"7\",\"status\":\"MAYBE\"}"),
                        "a result has an unknown status"),
                Arguments.of("a translatedId a number",
                        seventhIs("{\"id\":\"7\",\"status\":\"OK\",\"data\":{\"translatedId\":7}}"),
                        "result data.translatedId is not a string"),
                Arguments.of("data a string", results(i -> i == 7 ? "{\"id\":\"7\",\"status\":\"OK\",\"data\":\"tk_7\"}"
                        : notFound(i)), "result data is not an object"),
                Arguments.of("a message an object",
                        seventhIs("{\"id\":\"7\",\"status\":\"INVALID\",\"message\":{\"a\":1}}"),
                        "a result message is not a string"),
                Arguments.of("an OK without data", seventhIs("{\"id\":\"7\",\"status\":\"OK\"}"),
                        "an OK result has no data"),
                Arguments.of("an id never sent, besides every one sent", results(i -> notFound(i)).replace("]}",
                        ",{\"id\":\"50\",\"status\":\"NOT_FOUND\"}]}"), "a result has an id that was not sent"),
                Arguments.of("an id never sent, instead of one sent",
                        seventhIs("{\"id\":\"07\",\"status\":\"NOT_FOUND\"}"),
                        "a result has an id that was not sent"),
                Arguments.of("a negative id", seventhIs("{\"id\":\"-7\",\"status\":\"NOT_FOUND\"}"),
                        "a result has an id that was not sent"),
                Arguments.of("a duplicate id, besides every one sent", results(i -> notFound(i)).replace("]}",
                        "," + notFound(7) + "]}"), "a result id appears more than once"),
                Arguments.of("a duplicate id, instead of one sent", results(i -> notFound(i == 8 ? 7 : i)),
                        "a result id appears more than once"),
                Arguments.of("a missing id", results(i -> i == 49 ? null : notFound(i)),
                        "response is missing 1 of 50 record ids"),
                Arguments.of("no results at all", "{\"result\":[]}", "response has no results"),
                Arguments.of("content after the object", results(i -> notFound(i)) + "{}",
                        "response body has content after its JSON object"),
                Arguments.of("a body cut short", results(i -> notFound(i)).substring(0, 300),
                        "response body is not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolBreakingBodies")
    void aBodyThatBreaksTheProtocolFailsOnlyItsBatchAfterOneRetry(String name, String body, String reason)
            throws Exception {
        List<Identifier> ids = inputs(name);
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids), HostileFront.json(body));

        TranslateResponse response;
        try (EmbeddedServiceClient client = client().build()) {
            response = client.translate(ids);
        }

        assertOnlyTheHostileBatchFailed(ids, response, "protocol error: " + reason, true);
        assertThat(front.pickedRequests()).as("a protocol violation is retried once").isEqualTo(2);
        assertThat(failedAttempts()).extracting(InvocationEvent::outcome).containsOnly(Outcome.PROTOCOL_ERROR);
    }

    // ------------------------------------------------------------------ size and time

    @Test
    void aFiftyMebibyteBodyIsReadNoFurtherThanTheBoundAndFailsOnlyItsBatch() throws Exception {
        long fiftyMiB = 50L << 20;
        List<Identifier> ids = inputs("huge");
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids), HostileFront.huge(200, null, fiftyMiB));

        TranslateResponse response;
        try (EmbeddedServiceClient client = client().build()) {
            response = client.translate(ids);
        }

        assertOnlyTheHostileBatchFailed(ids, response, "response body larger than the client accepts", true);
        assertThat(front.pickedRequests()).isEqualTo(2);
        assertThat(front.hostileBytesWritten(2)).as("bytes the endpoint got out before the client hung up")
                .hasSize(2).allSatisfy(written -> assertThat(written).isLessThan(BOUND_AND_SOCKET_BUFFERS));
        assertThat(failedAttempts()).extracting(InvocationEvent::outcome).containsOnly(Outcome.PROTOCOL_ERROR);
    }

    @Test
    void aFiftyMebibyteErrorBodyIsBoundedToo() throws Exception {
        long fiftyMiB = 50L << 20;
        List<Identifier> ids = inputs("huge-error");
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids),
                HostileFront.huge(500, "InternalFailure", fiftyMiB));

        TranslateResponse response;
        try (EmbeddedServiceClient client = client().build()) {
            response = client.translate(ids);
        }

        // The error type comes from the header; the body, read up to the bound, is dropped.
        assertOnlyTheHostileBatchFailed(ids, response, "SageMaker InternalFailure (500) (after 2 attempts)", true);
        assertThat(front.hostileBytesWritten(2)).as("bytes the endpoint got out before the client hung up")
                .hasSize(2).allSatisfy(written -> assertThat(written).isLessThan(BOUND_AND_SOCKET_BUFFERS));
    }

    @Test
    void anEndlessBodyAtFullSpeedIsCutOffAtTheBoundNotReadUntilTheTimeout() throws Exception {
        List<Identifier> ids = inputs("firehose");
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids), HostileFront.firehose());

        TranslateResponse response;
        try (EmbeddedServiceClient client = client().overrideConfiguration(o -> o.attemptTimeout(Duration.ofSeconds(30))).build()) {
            response = client.translate(ids);
        }

        assertOnlyTheHostileBatchFailed(ids, response, "response body larger than the client accepts", true);
        assertThat(front.hostileBytesWritten(2)).as("bytes the endpoint got out before the client hung up")
                .hasSize(2).allSatisfy(written -> assertThat(written).isLessThan(BOUND_AND_SOCKET_BUFFERS));
    }

    @Test
    void aBodyThatNeverEndsTimesOutByTheAttemptTimeoutWithoutHoldingUpTheOtherBatches() throws Exception {
        List<Identifier> ids = inputs("drip");
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids), HostileFront.drip());

        TranslateResponse response;
        try (EmbeddedServiceClient client = client().build()) {
            response = client.translate(ids);
        }

        assertOnlyTheHostileBatchFailed(ids, response, "InvokeEndpoint timed out (after 2 attempts)", true);
        assertThat(front.pickedRequests()).isEqualTo(2);
        assertThat(front.forwardedWhenFirstDropped()).as("other batches answered while the dripping one was read")
                .isEqualTo(BATCHES - 1);
        assertThat(failedAttempts()).extracting(InvocationEvent::outcome).containsOnly(Outcome.RETRYABLE_ERROR);
    }

    @Test
    void aConnectionThatStallsAfterTheHeadersTimesOutByTheAttemptTimeoutWithoutHoldingUpTheOtherBatches()
            throws Exception {
        List<Identifier> ids = inputs("stall");
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids), HostileFront.stallAfterHeaders());

        TranslateResponse response;
        try (EmbeddedServiceClient client = client().build()) {
            response = client.translate(ids);
        }

        assertOnlyTheHostileBatchFailed(ids, response, "InvokeEndpoint timed out (after 2 attempts)", true);
        assertThat(front.pickedRequests()).isEqualTo(2);
        assertThat(front.forwardedWhenFirstDropped()).as("other batches answered while the stalled one waited")
                .isEqualTo(BATCHES - 1);
        assertThat(failedAttempts()).extracting(InvocationEvent::outcome).containsOnly(Outcome.RETRYABLE_ERROR);
    }

    @Test
    void aConnectionThatStallsAfterTheHeadersEndsByTheCallsDeadlineWhenItIsShorter() throws Exception {
        List<Identifier> ids = inputs("deadline");
        front = new HostileFront(emulator.endpointUrl(), pickedBatch(ids), HostileFront.stallAfterHeaders());

        TranslateResponse response;
        try (EmbeddedServiceClient client = client()
                .overrideConfiguration(o -> o.attemptTimeout(Duration.ofSeconds(70)))
                .overrideConfiguration(o -> o.retry(RetrySettings.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(5)).build()))
                .overrideConfiguration(o -> o.deadline(Duration.ofMillis(1500)))
                .build()) {
            response = client.translate(ids);
        }

        assertOnlyTheHostileBatchFailed(ids, response, "", true);
        assertThat(response.results().get(HOSTILE_FROM).reason().orElseThrow())
                .containsAnyOf("InvokeEndpoint timed out", "deadline exceeded");
        assertThat(front.forwardedWhenFirstDropped()).isEqualTo(BATCHES - 1);
    }

    // ------------------------------------------------------------------ helpers

    private EmbeddedServiceClient.Builder client() {
        return EmbeddedServiceClient.builder()
                .activationConfig(EmulatorFixture.activation(emulator))
                .endpointOverride(URI.create(front.url()))
                .region(emulator.region())
                // the front forwards to the emulator under the emulator's own Host: a key it does not verify
                .credentialsProvider(EmulatorFixture.UNKNOWN_AWS)
                .maxRecordsPerInvocation(BATCH)
                .maxConcurrency(BATCHES)
                .overrideConfiguration(o -> o.retry(RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(5)).build()))
                .overrideConfiguration(o -> o.attemptTimeout(ATTEMPT_TIMEOUT))
                .overrideConfiguration(o -> o.deadline(Duration.ofSeconds(30)))
                .listener(new EmbeddedServiceListener() {
                    @Override
                    public void invocationCompleted(InvocationEvent event) {
                        events.add(event);
                    }
                })
                .environment(name -> null);
    }

    /** {@code BATCHES * BATCH} distinct emails; batch {@code k} holds inputs {@code 50k..50k+49}. */
    private static List<Identifier> inputs(String label) {
        String prefix = "hostile-" + label.replaceAll("[^a-z]+", "-") + "-";
        List<Identifier> ids = new ArrayList<>();
        for (int i = 0; i < BATCHES * BATCH; i++) {
            ids.add(Identifier.email(prefix + i + "@example.com"));
        }
        return ids;
    }

    /** Picks the requests of the batch whose first record is input {@link #HOSTILE_FROM} of {@code ids}. */
    private static Predicate<String> pickedBatch(List<Identifier> ids) {
        String marker = Reference.emailWire(ids.get(HOSTILE_FROM).value());
        return body -> body.contains(marker);
    }

    private void assertOnlyTheHostileBatchFailed(List<Identifier> ids, TranslateResponse response, String reason,
                                                 boolean retryable) {
        List<TranslateResult> results = response.results();
        assertThat(results).hasSameSizeAs(ids);
        for (int i = 0; i < ids.size(); i++) {
            TranslateResult r = results.get(i);
            if (i >= HOSTILE_FROM && i < HOSTILE_FROM + BATCH) {
                assertThat(r.status()).as("input %d, in the hostile batch", i).isEqualTo(RecordStatus.FAILED);
                assertThat(r.reason().orElseThrow()).as("input %d", i).contains(reason);
                assertThat(r.retryable()).as("input %d", i).isEqualTo(retryable);
            } else {
                Reference.Expected expected = Reference.expected("default", ids.get(i), "US");
                assertThat(expected.matches(r)).as("input %d: expected %s, got %s", i, expected, r).isTrue();
            }
        }
        assertThat(response.summary().failed()).isEqualTo(BATCH);
    }

    private List<InvocationEvent> failedAttempts() {
        return events.stream().filter(e -> e.outcome() != Outcome.SUCCESS).toList();
    }

    /** A response body of the results {@code result(i)} gives for records 0 to 49 (null leaves one out). */
    private static String results(IntFunction<String> result) {
        StringJoiner body = new StringJoiner(",", "{\"results\":[", "]}");
        for (int i = 0; i < BATCH; i++) {
            String r = result.apply(i);
            if (r != null) {
                body.add(r);
            }
        }
        return body.toString();
    }

    /** Every record NOT_FOUND, except that record 7's result is {@code result}. */
    private static String seventhIs(String result) {
        return results(i -> i == 7 ? result : notFound(i));
    }

    private static String notFound(int id) {
        return "{\"id\":\"" + id + "\",\"status\":\"NOT_FOUND\"}";
    }
}
