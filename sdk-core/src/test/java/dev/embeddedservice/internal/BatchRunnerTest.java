package dev.embeddedservice.internal;

import static dev.embeddedservice.internal.ScriptedSageMaker.REQUEST_ID;
import static dev.embeddedservice.internal.ScriptedSageMaker.answer;
import static dev.embeddedservice.internal.ScriptedSageMaker.connectionReset;
import static dev.embeddedservice.internal.ScriptedSageMaker.modelError;
import static dev.embeddedservice.internal.ScriptedSageMaker.serviceError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.EmbeddedServiceListener.InvocationEvent;
import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.EmbeddedServiceListener.RetryEvent;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.internal.Backoff;
import dev.embeddedservice.exception.EmbeddedServiceException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchRunner} and its {@link AttemptLoop}s against a scripted endpoint, in simulated time:
 * exact sub-batch sizes after a 413 or a lowered limit, exact backoff waits, the listener's events
 * and the call's counters.
 */
class BatchRunnerTest {

    private final BatchHarness h = new BatchHarness();

    private static List<Duration> millis(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }

    private static void allAnsweredOk(List<TranslateResult> results) {
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).status()).as("record %d", i).isEqualTo(RecordStatus.OK);
            assertThat(results.get(i).translatedId()).as("record %d", i).hasValue("tk_r" + i);
        }
    }

    private List<Outcome> outcomes() {
        return h.invocations.stream().map(InvocationEvent::outcome).toList();
    }

    private static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "r" + i).toList();
    }

    @Nested
    class Splitting {

        @Test
        void a413StatingALimitSplitsTheBatchAtThatLimitAndLowersTheClientsLimit() {
            h.endpoint.partnerLimit(300, true);

            List<TranslateResult> results = h.run(1_000);

            allAnsweredOk(results);
            assertThat(h.endpoint.sizes()).containsExactly(1_000, 300, 300, 300, 100);
            assertThat(h.endpoint.sent().get(1).values()).isEqualTo(values(0, 300));
            assertThat(h.endpoint.sent().get(4).values()).isEqualTo(values(900, 1_000));
            assertThat(outcomes()).containsExactly(Outcome.LIMIT_EXCEEDED, Outcome.SUCCESS, Outcome.SUCCESS,
                    Outcome.SUCCESS, Outcome.SUCCESS);
            assertThat(h.limits.maxRecords(ServiceConfig.empty())).isEqualTo(300);
            assertThat(h.stats.invocations()).isEqualTo(5);
            assertThat(h.stats.retries.sum()).isEqualTo(4);
            assertThat(h.stats.billedRecords.sum()).as("the refused sending is not billed").isEqualTo(1_000);
            assertThat(h.sleeps).as("a split is sent at once").isEmpty();
            assertThat(h.retries).isEmpty();
        }

        @Test
        void laterBatchesAreCutToTheLoweredLimitBeforeTheyAreSent() {
            h.endpoint.partnerLimit(300, true);
            h.run(1_000);

            List<TranslateResult> results = h.run(700);

            allAnsweredOk(results);
            assertThat(h.endpoint.sizes().subList(5, 8)).containsExactly(300, 300, 100);
            assertThat(h.endpoint.sizes()).hasSize(8);
        }

        @Test
        void a413WithoutALimitHalvesTheBatchUntilThePartnerTakesIt() {
            h.endpoint.partnerLimit(300, false);

            List<TranslateResult> results = h.run(1_000);

            allAnsweredOk(results);
            // 1,000 refused: halves of 500; the first refused too: quarters, and the second half is cut
            // to the lowered limit before it is sent.
            assertThat(h.endpoint.sizes()).containsExactly(1_000, 500, 250, 250, 250, 250);
            assertThat(h.endpoint.sent().get(1).values()).isEqualTo(values(0, 500));
            assertThat(h.endpoint.sent().get(2).values()).isEqualTo(values(0, 250));
            assertThat(h.endpoint.sent().get(4).values()).isEqualTo(values(500, 750));
            assertThat(outcomes()).filteredOn(o -> o == Outcome.LIMIT_EXCEEDED).hasSize(2);
            assertThat(h.limits.maxRecords(ServiceConfig.empty())).isEqualTo(250);
            assertThat(h.stats.retries.sum()).isEqualTo(4);
        }

        @Test
        void aBatchOfTwoRefusedWithoutALimitIsSentAsTwoSingleRecords() {
            h.endpoint.thenThrow(modelError(413, "{\"error\":\"LIMIT_EXCEEDED\"}"));

            allAnsweredOk(h.run(2));

            assertThat(h.endpoint.sizes()).containsExactly(2, 1, 1);
            assertThat(h.limits.maxRecords(ServiceConfig.empty())).isEqualTo(1);
        }

        @Test
        void a413StatingALimitOfOneSendsEachRecordAlone() {
            h.endpoint.thenThrow(modelError(413, "{\"error\":\"LIMIT_EXCEEDED\",\"maxRecordsPerInvocation\":1}"));

            allAnsweredOk(h.run(3));

            assertThat(h.endpoint.sizes()).containsExactly(3, 1, 1, 1);
        }

        @Test
        void aSingleRecordRefusedAsTooLargeFailsWithoutAnotherCall() {
            h.endpoint.partnerLimit(0, false);

            List<TranslateResult> results = h.run(1);

            assertThat(h.endpoint.sizes()).containsExactly(1);
            assertThat(results.get(0).status()).isEqualTo(RecordStatus.FAILED);
            assertThat(results.get(0).retryable()).isFalse();
            assertThat(results.get(0).reason()).hasValue("the partner refused the batch as too large (413) although "
                    + "it is within the limit it states");
        }

        @Test
        void a413StatingALimitTheBatchIsAlreadyWithinFailsTheBatch() {
            h.endpoint.thenThrow(modelError(413, "{\"error\":\"LIMIT_EXCEEDED\",\"maxRecordsPerInvocation\":5}"));

            List<TranslateResult> results = h.run(5);

            assertThat(h.endpoint.sizes()).containsExactly(5);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
                assertThat(r.reason().orElseThrow()).contains("too large (413)");
            });
            assertThat(h.limits.maxRecords(ServiceConfig.empty())).isEqualTo(1_000);
        }

        @Test
        void aBatchPlannedBeforeTheRecordLimitDroppedIsSplitBeforeItIsSent() {
            h.tokens.config(ServiceConfig.builder().maxRecordsPerInvocation(300).build());

            allAnsweredOk(h.run(1_000));

            assertThat(h.endpoint.sizes()).containsExactly(300, 300, 300, 100);
            assertThat(h.stats.retries.sum()).as("nothing was refused").isZero();
            assertThat(outcomes()).containsOnly(Outcome.SUCCESS);
        }

        @Test
        void aBatchAtTheRecordLimitIsSentWhole() {
            h.tokens.config(ServiceConfig.builder().maxRecordsPerInvocation(4).build());

            allAnsweredOk(h.run(4));

            assertThat(h.endpoint.sizes()).containsExactly(4);
        }

        @Test
        void aBodyExactlyAtThePayloadLimitIsSentWholeAndOneByteOverIsHalved() {
            BatchHarness measure = new BatchHarness();
            measure.run(4);
            int bytes = measure.endpoint.sent().get(0).bytes();

            h.tokens.config(ServiceConfig.builder().maxPayloadBytes(bytes).build());
            allAnsweredOk(h.run(4));
            assertThat(h.endpoint.sizes()).containsExactly(4);

            BatchHarness over = new BatchHarness();
            over.tokens.config(ServiceConfig.builder().maxPayloadBytes(bytes - 1).build());
            allAnsweredOk(over.run(4));
            assertThat(over.endpoint.sizes()).containsExactly(2, 2);
            assertThat(over.endpoint.sent().get(0).values()).containsExactly("r0", "r1");
        }

        @Test
        void aSingleRecordOverThePayloadLimitIsStillSentAlone() {
            h.tokens.config(ServiceConfig.builder().maxPayloadBytes(10).build());

            allAnsweredOk(h.run(3));

            assertThat(h.endpoint.sizes()).containsExactly(1, 1, 1);
        }

        @Test
        void withoutATokenTheBatchIsNotResplitAndTheAttemptSaysWhy() {
            h.tokens.config(ServiceConfig.builder().maxRecordsPerInvocation(1).build());
            h.tokens.failUntil(new EmbeddedServiceException("activation refused", false), h.clock.instant().plusSeconds(1));

            List<TranslateResult> results = h.run(3);

            assertThat(h.endpoint.sizes()).isEmpty();
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
                assertThat(r.reason()).hasValue("no valid token: activation refused");
                assertThat(r.retryable()).isFalse();
            });
        }
    }

    @Nested
    class PartnerLimitParsing {

        @Test
        void theStatedLimitIsRead() {
            assertThat(InvokeErrors.partnerLimit("{\"error\":\"LIMIT_EXCEEDED\",\"maxRecordsPerInvocation\":300}"))
                    .isEqualTo(300);
            assertThat(InvokeErrors.partnerLimit("{\"maxRecordsPerInvocation\":1}")).isEqualTo(1);
        }

        @Test
        void aLimitThatIsNotAPositiveIntIsNoLimit() {
            assertThat(InvokeErrors.partnerLimit("{\"maxRecordsPerInvocation\":0}")).isZero();
            assertThat(InvokeErrors.partnerLimit("{\"maxRecordsPerInvocation\":-5}")).isZero();
            assertThat(InvokeErrors.partnerLimit("{\"maxRecordsPerInvocation\":\"300\"}")).isZero();
            assertThat(InvokeErrors.partnerLimit("{\"maxRecordsPerInvocation\":3000000000}")).isZero();
            assertThat(InvokeErrors.partnerLimit("{\"maxRecordsPerInvocation\":null}")).isZero();
            assertThat(InvokeErrors.partnerLimit("{\"error\":\"LIMIT_EXCEEDED\"}")).isZero();
        }

        @Test
        void aBodyThatIsNotAJsonObjectHasNoLimit() {
            assertThat(InvokeErrors.partnerLimit(null)).isZero();
            assertThat(InvokeErrors.partnerLimit("")).isZero();
            assertThat(InvokeErrors.partnerLimit("maxRecordsPerInvocation: 300")).isZero();
            assertThat(InvokeErrors.partnerLimit("[{\"maxRecordsPerInvocation\":300}]")).isZero();
            assertThat(InvokeErrors.partnerLimit("300")).isZero();
        }

        @Test
        void aBodyOverSixtyFourKibibytesIsNotParsed() {
            String head = "{\"maxRecordsPerInvocation\":300,\"pad\":\"";
            String at = head + "x".repeat(65_536 - head.length() - 2) + "\"}";
            assertThat(at).hasSize(65_536);
            assertThat(InvokeErrors.partnerLimit(at)).isEqualTo(300);
            String over = head + "x".repeat(65_537 - head.length() - 2) + "\"}";
            assertThat(InvokeErrors.partnerLimit(over)).isZero();
        }
    }

    @Nested
    class Backoffs {

        @Test
        void retryableFailuresWaitTheExponentialCeilingWhenTheJitterDrawsZero() {
            h.endpoint.thenThrow(serviceError("InternalFailure", 500)).thenThrow(serviceError("InternalFailure", 500))
                    .thenThrow(serviceError("InternalFailure", 500));

            allAnsweredOk(h.run(7));

            assertThat(h.sleeps).isEqualTo(millis(100, 200, 400));
            assertThat(h.retries).extracting(RetryEvent::attempt).containsExactly(1, 2, 3);
            assertThat(h.retries).extracting(RetryEvent::backoff).isEqualTo(millis(100, 200, 400));
            assertThat(h.retries).allSatisfy(e -> {
                assertThat(e.operation()).isEqualTo("translate");
                assertThat(e.records()).isEqualTo(7);
                assertThat(e.reason()).isEqualTo("SageMaker InternalFailure (500)");
            });
            assertThat(outcomes()).containsExactly(Outcome.RETRYABLE_ERROR, Outcome.RETRYABLE_ERROR,
                    Outcome.RETRYABLE_ERROR, Outcome.SUCCESS);
            assertThat(h.stats.invocations()).isEqualTo(4);
            assertThat(h.stats.retries.sum()).isEqualTo(3);
            assertThat(h.stats.billedRecords.sum()).isEqualTo(7);
        }

        @Test
        void theJitterTakesItsShareOffTheCeiling() {
            h.jitter = 0.5;   // with jitter 0.5: the wait is the ceiling less a quarter of it
            h.endpoint.thenThrow(connectionReset()).thenThrow(connectionReset());

            allAnsweredOk(h.run(2));

            assertThat(h.sleeps).isEqualTo(millis(75, 150));
        }

        @Test
        void theWaitIsCappedAtTheMaximumBackoff() {
            h.backoff = new Backoff(Duration.ofMillis(100), 3.0, Duration.ofMillis(500), 0.0, () -> 0.0);
            h.maxAttempts = 5;
            for (int i = 0; i < 4; i++) {
                h.endpoint.thenThrow(serviceError("ServiceUnavailable", 503));
            }

            allAnsweredOk(h.run(1));

            assertThat(h.sleeps).isEqualTo(millis(100, 300, 500, 500));
        }

        @Test
        void afterMaxAttemptsTheRecordsFailWithTheLastReasonAndTheRequestId() {
            for (int i = 0; i < 4; i++) {
                h.endpoint.thenThrow(serviceError("InternalFailure", 500));
            }

            List<TranslateResult> results = h.run(3);

            assertThat(h.endpoint.sizes()).containsExactly(3, 3, 3, 3);
            assertThat(h.sleeps).isEqualTo(millis(100, 200, 400));
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
                assertThat(r.retryable()).isTrue();
                assertThat(r.reason()).hasValue("SageMaker InternalFailure (500) (request id " + REQUEST_ID
                        + ") (after 4 attempts)");
            });
            assertThat(h.stats.billedRecords.sum()).isZero();
        }

        @Test
        void oneAttemptAllowedMeansNoRetry() {
            h.maxAttempts = 1;
            h.endpoint.thenThrow(serviceError("InternalFailure", 500));

            List<TranslateResult> results = h.run(1);

            assertThat(h.endpoint.sizes()).containsExactly(1);
            assertThat(h.sleeps).isEmpty();
            assertThat(results.get(0).reason()).hasValue("SageMaker InternalFailure (500) (request id " + REQUEST_ID
                    + ")");
        }

        @Test
        void aWaitThatWouldReachTheDeadlineIsNotTaken() {
            h.deadline = Duration.ofMillis(300);   // after 100 ms, 200 ms remain: a wait of 200 ms is not taken
            for (int i = 0; i < 3; i++) {
                h.endpoint.thenThrow(serviceError("InternalFailure", 500));
            }

            List<TranslateResult> results = h.run(1);

            assertThat(h.sleeps).isEqualTo(millis(100));
            assertThat(h.endpoint.sizes()).hasSize(2);
            assertThat(results.get(0).reason().orElseThrow()).endsWith("(after 2 attempts)");
        }

        @Test
        void aWaitThatEndsJustBeforeTheDeadlineIsTaken() {
            h.deadline = Duration.ofMillis(301);
            for (int i = 0; i < 2; i++) {
                h.endpoint.thenThrow(serviceError("InternalFailure", 500));
            }

            allAnsweredOk(h.run(1));

            assertThat(h.sleeps).isEqualTo(millis(100, 200));
        }

        @Test
        void aDeadlineAlreadyPassedSendsNothing() {
            h.deadline = Duration.ZERO;

            List<TranslateResult> results = h.run(2);

            assertThat(h.endpoint.sizes()).isEmpty();
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
                assertThat(r.reason()).hasValue("deadline exceeded before the batch could complete");
                assertThat(r.retryable()).isTrue();
            });
        }

        @Test
        void anInterruptedWaitFailsTheBatchAndKeepsTheInterrupt() {
            h.sleeper = d -> {
                throw new InterruptedException();
            };
            h.endpoint.thenThrow(serviceError("InternalFailure", 500));

            List<TranslateResult> results = h.run(1);

            try {
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(results.get(0).reason()).hasValue("interrupted while waiting to retry: SageMaker "
                    + "InternalFailure (500) (request id " + REQUEST_ID + ")");
            assertThat(results.get(0).retryable()).isTrue();
        }
    }

    @Nested
    class Answers {

        @Test
        void recordsAnsweredErrorAreSentOnceMoreAlone() {
            h.endpoint.then(s -> answer(s, i -> i % 2 == 0 ? "ERROR" : "OK"));

            allAnsweredOk(h.run(10));

            assertThat(h.endpoint.sizes()).containsExactly(10, 5);
            assertThat(h.endpoint.sent().get(1).values()).containsExactly("r0", "r2", "r4", "r6", "r8");
            assertThat(h.stats.retries.sum()).isEqualTo(1);
            assertThat(h.stats.invocations()).isEqualTo(2);
            assertThat(h.stats.billedRecords.sum()).isEqualTo(15);
            assertThat(h.sleeps).isEmpty();
        }

        @Test
        void recordsAnsweredErrorTwiceFailAsRetryable() {
            h.endpoint.then(s -> answer(s, i -> i < 6 ? "ERROR" : "OK")).then(s -> answer(s, i -> "ERROR"));

            List<TranslateResult> results = h.run(8);

            assertThat(h.endpoint.sizes()).containsExactly(8, 6);
            for (int i = 0; i < 6; i++) {
                assertThat(results.get(i).status()).isEqualTo(RecordStatus.FAILED);
                assertThat(results.get(i).retryable()).isTrue();
                assertThat(results.get(i).reason()).hasValue("the service could not process the record: busy");
            }
            assertThat(results.get(6).translatedId()).hasValue("tk_r6");
            assertThat(results.get(7).translatedId()).hasValue("tk_r7");
        }

        @Test
        void invalidAndNotFoundAnswersAreKeptAsGiven() {
            h.endpoint.then(s -> answer(s, i -> i == 0 ? "INVALID" : "NOT_FOUND"));

            List<TranslateResult> results = h.run(2);

            assertThat(results.get(0).status()).isEqualTo(RecordStatus.INVALID);
            assertThat(results.get(0).reason()).hasValue("refused by the service: bad record");
            assertThat(results.get(1).status()).isEqualTo(RecordStatus.NOT_FOUND);
            assertThat(h.endpoint.sizes()).containsExactly(2);
        }

        @Test
        void anErrorOrInvalidAnswerWithoutAMessageGetsAPlainReason() {
            h.endpoint.then(s -> ScriptedSageMaker.body("{\"results\":[{\"id\":\"0\",\"status\":\"INVALID\"},"
                    + "{\"id\":\"1\",\"status\":\"ERROR\"}]}"))
                    .then(s -> ScriptedSageMaker.body("{\"results\":[{\"id\":\"0\",\"status\":\"ERROR\"}]}"));

            List<TranslateResult> results = h.run(2);

            assertThat(results.get(0).reason()).hasValue("refused by the service: invalid record");
            assertThat(results.get(1).reason()).hasValue("the service could not process the record: error");
        }

        @Test
        void anAnswerThatBreaksTheProtocolIsBilledReportedAndRetriedWithBackoff() {
            h.endpoint.then(s -> ScriptedSageMaker.body("{\"results\":[]}"));

            allAnsweredOk(h.run(3));

            assertThat(h.endpoint.sizes()).containsExactly(3, 3);
            assertThat(h.sleeps).isEqualTo(millis(100));
            InvocationEvent broken = h.invocations.get(0);
            assertThat(broken.outcome()).isEqualTo(Outcome.PROTOCOL_ERROR);
            assertThat(broken.errorType()).isEqualTo("ProtocolViolation");
            assertThat(broken.requestId()).isEqualTo(REQUEST_ID);
            assertThat(broken.records()).isEqualTo(3);
            assertThat(broken.payloadBytes()).isEqualTo(h.endpoint.sent().get(0).bytes());
            assertThat(h.retries.get(0).reason()).startsWith("protocol error: ");
            assertThat(h.stats.billedRecords.sum()).as("the endpoint answered 2xx twice").isEqualTo(6);
        }

        @Test
        void aSuccessfulCallIsReportedWithItsSize() {
            h.run(5);

            InvocationEvent ok = h.invocations.get(0);
            assertThat(ok.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(ok.operation()).isEqualTo("translate");
            assertThat(ok.records()).isEqualTo(5);
            assertThat(ok.payloadBytes()).isEqualTo(h.endpoint.sent().get(0).bytes());
            assertThat(ok.errorType()).isNull();
            assertThat(ok.latency().isNegative()).isFalse();
        }

        @Test
        void aFailedCallIsReportedWithTheErrorTypeAndRequestId() {
            h.maxAttempts = 1;
            h.endpoint.thenThrow(serviceError("ValidationError", 400));

            h.run(1);

            InvocationEvent failed = h.invocations.get(0);
            assertThat(failed.outcome()).isEqualTo(Outcome.NON_RETRYABLE_ERROR);
            assertThat(failed.errorType()).isEqualTo("ValidationError");
            assertThat(failed.requestId()).isEqualTo(REQUEST_ID);
        }

        @Test
        void aClientSideFailureIsReportedByItsExceptionType() {
            h.endpoint.thenThrow(connectionReset());

            h.run(1);

            assertThat(h.invocations.get(0).errorType()).isEqualTo("SdkClientException");
            assertThat(h.invocations.get(0).outcome()).isEqualTo(Outcome.RETRYABLE_ERROR);
        }

        @Test
        void aNonRetryableRefusalFailsAtOnceWithoutAWait() {
            h.endpoint.thenThrow(modelError(403, "{\"error\":\"OPERATION_NOT_ENTITLED\"}"));

            List<TranslateResult> results = h.run(2);

            assertThat(h.endpoint.sizes()).containsExactly(2);
            assertThat(h.sleeps).isEmpty();
            assertThat(results).allSatisfy(r -> {
                assertThat(r.retryable()).isFalse();
                assertThat(r.reason()).hasValue("the partner container answered 403 OPERATION_NOT_ENTITLED "
                        + "(request id " + REQUEST_ID + ")");
            });
        }
    }

    @Nested
    class Tokens {

        @Test
        void aRefusedTokenIsReplacedAndTheBatchRepeatedAtOnce() {
            h.endpoint.thenThrow(modelError(401, "{\"error\":\"TOKEN_EXPIRED\"}"));

            allAnsweredOk(h.run(4));

            assertThat(h.endpoint.sent()).extracting(ScriptedSageMaker.Sent::token).containsExactly("tok-1", "tok-2");
            assertThat(h.tokens.invalidated).containsExactly("tok-1");
            assertThat(h.sleeps).isEmpty();
            assertThat(h.tokenRejections).isEqualTo(1);
            assertThat(outcomes()).containsExactly(Outcome.TOKEN_REJECTED, Outcome.SUCCESS);
            assertThat(h.stats.summary(4, new long[4]).reactivations()).isEqualTo(1);
        }

        @Test
        void refusalsDoNotCountAgainstMaxAttempts() {
            h.maxAttempts = 2;
            h.endpoint.thenThrow(modelError(401, null)).thenThrow(serviceError("InternalFailure", 500));

            allAnsweredOk(h.run(1));

            assertThat(h.endpoint.sizes()).hasSize(3);
            assertThat(h.sleeps).isEqualTo(millis(100));
        }

        @Test
        void aFreshTokenRefusedRightAfterARefusalFailsTheBatch() {
            h.endpoint.thenThrow(modelError(401, null)).thenThrow(modelError(401, null));

            List<TranslateResult> results = h.run(2);

            assertThat(h.endpoint.sent()).extracting(ScriptedSageMaker.Sent::token).containsExactly("tok-1", "tok-2");
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
                assertThat(r.retryable()).isTrue();
                assertThat(r.reason()).hasValue("the endpoint refused a freshly activated token (401) right after "
                        + "refusing the one before: the refusal persists (after 2 attempts)");
            });
            assertThat(h.tokenRejections).isEqualTo(1);
        }

        @Test
        void aFreshTokenRefusedWhileAnotherCallWithItAwaitsItsAnswerIsReplacedNotFailed() throws Exception {
            // A revocation sweep right after another batch's call with tok-2 succeeded at the endpoint,
            // before that call's answer is read: the refusal of tok-2 does not persist.
            CountDownLatch otherSent = new CountDownLatch(1);
            CountDownLatch releaseOther = new CountDownLatch(1);
            CompletableFuture<List<TranslateResult>> other = new CompletableFuture<>();
            h.endpoint.thenThrow(modelError(401, null))
                    .then(s -> {
                        new Thread(() -> other.complete(h.run(1)), "other-batch").start();
                        await(otherSent);
                        throw modelError(401, null);
                    })
                    .then(s -> {
                        otherSent.countDown();
                        await(releaseOther);
                        return ScriptedSageMaker.ok(s);
                    });

            List<TranslateResult> results = h.run(2);
            releaseOther.countDown();

            allAnsweredOk(results);
            allAnsweredOk(other.get(10, TimeUnit.SECONDS));
            assertThat(h.endpoint.sent()).extracting(ScriptedSageMaker.Sent::token)
                    .containsExactly("tok-1", "tok-2", "tok-2", "tok-3");
            assertThat(h.tokens.invalidated).containsExactly("tok-1", "tok-2");
        }

        @Test
        void aFreshTokenRefusedAfterTheOtherCallWithItWasAnsweredFailsTheBatch() throws Exception {
            CompletableFuture<List<TranslateResult>> other = new CompletableFuture<>();
            h.endpoint.thenThrow(modelError(401, null))
                    .then(s -> {
                        Thread t = new Thread(() -> other.complete(h.run(1)), "other-batch");
                        t.start();
                        join(t);
                        throw modelError(401, null);
                    })
                    .thenThrow(modelError(401, null))
                    .thenThrow(modelError(401, null));

            List<TranslateResult> results = h.run(2);

            assertThat(results).allSatisfy(r -> assertThat(r.reason().orElseThrow()).contains("the refusal persists"));
            assertThat(other.get(10, TimeUnit.SECONDS)).allSatisfy(r ->
                    assertThat(r.reason().orElseThrow()).contains("the refusal persists"));
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(10, TimeUnit.SECONDS)).as("the other batch's call").isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        private static void join(Thread t) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void theSameTokenRefusedTwiceFailsTheBatch() {
            h.tokens.ignoreInvalidate = true;
            h.endpoint.thenThrow(modelError(401, null)).thenThrow(modelError(401, null));

            List<TranslateResult> results = h.run(1);

            assertThat(h.endpoint.sent()).extracting(ScriptedSageMaker.Sent::token).containsExactly("tok-1", "tok-1");
            assertThat(results.get(0).reason().orElseThrow()).contains("the refusal persists");
        }

        @Test
        void aRefusalAfterAnotherFailureStartsAfresh() {
            h.endpoint.thenThrow(modelError(401, null)).thenThrow(serviceError("InternalFailure", 500))
                    .thenThrow(modelError(401, null));

            allAnsweredOk(h.run(1));

            assertThat(h.endpoint.sent()).extracting(ScriptedSageMaker.Sent::token)
                    .containsExactly("tok-1", "tok-2", "tok-2", "tok-3");
        }

        @Test
        void aTokenThatWorkedBeforeIsReplacedWhenRefused() {
            h.run(1);
            h.endpoint.thenThrow(modelError(401, null));

            allAnsweredOk(h.run(1));

            assertThat(h.endpoint.sent()).extracting(ScriptedSageMaker.Sent::token)
                    .containsExactly("tok-1", "tok-1", "tok-2");
        }

        @Test
        void noTokenForNowIsRetriedWithBackoff() {
            h.tokens.failUntil(new EmbeddedServiceException("activation service unavailable", true),
                    h.clock.instant().plusMillis(150));

            allAnsweredOk(h.run(2));

            assertThat(h.sleeps).isEqualTo(millis(100, 200));
            assertThat(h.endpoint.sizes()).containsExactly(2);
            assertThat(h.retries).extracting(RetryEvent::reason)
                    .containsOnly("no valid token: activation service unavailable");
            assertThat(h.stats.invocations()).isEqualTo(1);
        }

        @Test
        void noTokenUntilMaxAttemptsFailsTheBatchAsRetryable() {
            h.tokens.failUntil(new EmbeddedServiceException("activation service unavailable", true),
                    h.clock.instant().plusSeconds(60));

            List<TranslateResult> results = h.run(1);

            assertThat(h.endpoint.sizes()).isEmpty();
            assertThat(h.sleeps).isEqualTo(millis(100, 200, 400));
            assertThat(results.get(0).retryable()).isTrue();
            assertThat(results.get(0).reason()).hasValue("no valid token: activation service unavailable");
        }
    }

    @Nested
    class CircuitBreaking {

        @Test
        void anOpenCircuitFailsTheBatchWithoutSendingIt() {
            h.breaker = CircuitBreaker.ofDefaults("test");
            h.breaker.transitionToOpenState();

            List<TranslateResult> results = h.run(3);

            assertThat(h.endpoint.sizes()).isEmpty();
            assertThat(h.stats.circuitRejections()).isEqualTo(1);
            assertThat(outcomes()).containsExactly(Outcome.CIRCUIT_OPEN);
            assertThat(h.invocations.get(0).records()).isEqualTo(3);
            assertThat(h.invocations.get(0).errorType()).isEqualTo("CallNotPermitted");
            assertThat(results).allSatisfy(r -> {
                assertThat(r.retryable()).isTrue();
                assertThat(r.reason()).hasValue("circuit breaker is open after repeated endpoint failures; not attempted");
            });
        }

        @Test
        void theBreakerHearsOfEachSuccessAndFailure() {
            h.breaker = CircuitBreaker.ofDefaults("test");
            h.endpoint.thenThrow(serviceError("InternalFailure", 500));

            h.run(1);

            assertThat(h.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
            assertThat(h.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        }
    }

    @Nested
    class UnexpectedFailures {

        @Test
        void aBugFailsOnlyTheRecordsWithoutAResultAndReleasesTheBatch() {
            h.endpoint.then(s -> answer(s, i -> i == 0 ? "ERROR" : "OK")).then(s -> {
                throw new IllegalStateException("bug");
            });
            var batch = h.batch(BatchHarness.records(3));

            h.runner().run(new CallContext<>(TranslateCodec.create("ns", "US"), h.stats,
                    Deadline.after(h.clock, Duration.ofMinutes(1))), batch);

            assertThat(batch.result(0).reason()).hasValue("unexpected client failure: IllegalStateException");
            assertThat(batch.result(0).retryable()).isTrue();
            assertThat(batch.result(1).translatedId()).hasValue("tk_r1");
            assertThat(batch.data()).isNull();
        }

        @Test
        void anErrorFailsTheRecordsAndIsRethrown() {
            h.endpoint.then(s -> {
                throw new OutOfMemoryError("test");
            });
            var batch = h.batch(BatchHarness.records(2));

            assertThatThrownBy(() -> h.runner().run(new CallContext<>(TranslateCodec.create("ns", "US"), h.stats,
                    Deadline.after(h.clock, Duration.ofMinutes(1))), batch)).isInstanceOf(OutOfMemoryError.class);

            assertThat(batch.result(1).reason()).hasValue("unexpected client failure: OutOfMemoryError");
            assertThat(batch.data()).isNull();
        }

        @Test
        void failAllFailsEveryRecordWithTheReason() {
            var batch = h.batch(BatchHarness.records(3));

            BatchRunner.failAll(batch, "the client was closed before the batch was sent", true);

            for (int i = 0; i < 3; i++) {
                assertThat(batch.result(i).status()).isEqualTo(RecordStatus.FAILED);
                assertThat(batch.result(i).reason()).hasValue("the client was closed before the batch was sent");
                assertThat(batch.result(i).retryable()).isTrue();
            }
        }
    }
}
