package dev.embeddedservice.internal;

import static dev.embeddedservice.internal.ScriptedSageMaker.REQUEST_ID;
import static dev.embeddedservice.internal.ScriptedSageMaker.modelError;
import static dev.embeddedservice.internal.ScriptedSageMaker.serviceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.internal.AttemptFailure.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** Protocol §3's tables, row by row: what each failure of InvokeEndpoint is classified as. */
class InvokeErrorsTest {

    private static AwsServiceException modelled(AwsServiceException.Builder builder, String type, int status) {
        return builder.statusCode(status).requestId(REQUEST_ID)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(type).errorMessage(type + " says no").build())
                .build();
    }

    @Nested
    class SageMakersOwnErrors {

        @Test
        void aValidationErrorIsRefused() {
            AttemptFailure f = InvokeErrors.classify(modelled(ValidationErrorException.builder(), "ValidationError", 400));

            assertThat(f.kind()).isEqualTo(Kind.REFUSED);
            assertThat(f.retryable()).isFalse();
            assertThat(f.recordRetryable()).isFalse();
            assertThat(f.outcome()).isEqualTo(Outcome.NON_RETRYABLE_ERROR);
            assertThat(f.getMessage()).isEqualTo("request refused by SageMaker (ValidationError): ValidationError says no");
            assertThat(f.requestId()).isEqualTo(REQUEST_ID);
        }

        @Test
        void modelNotReadyInternalFailureServiceUnavailableAndInternalDependencyAreRetryable() {
            assertRetryable(modelled(ModelNotReadyException.builder(), "ModelNotReadyException", 429),
                    "SageMaker ModelNotReadyException (429)");
            assertRetryable(modelled(InternalFailureException.builder(), "InternalFailure", 500),
                    "SageMaker InternalFailure (500)");
            assertRetryable(modelled(ServiceUnavailableException.builder(), "ServiceUnavailable", 503),
                    "SageMaker ServiceUnavailable (503)");
            assertRetryable(modelled(InternalDependencyException.builder(), "InternalDependencyException", 530),
                    "SageMaker InternalDependencyException (530)");
        }

        @Test
        void throttlingIsRetryable() {
            assertRetryable(serviceError("ThrottlingException", 400), "throttled by SageMaker (ThrottlingException)");
        }

        @ParameterizedTest
        @ValueSource(ints = {500, 502, 599})
        void anUnknownServerErrorIsRetryable(int status) {
            assertRetryable(serviceError("SomethingNew", status), "SageMaker SomethingNew (" + status + ")");
        }

        @Test
        void anUnknownTooManyRequestsIsRetryable() {
            AttemptFailure f = InvokeErrors.classify(serviceError("SomethingNew", 429));

            assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(f.retryable()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 418, 428, 430, 499})
        void anUnknownClientErrorIsRefused(int status) {
            AttemptFailure f = InvokeErrors.classify(serviceError("Teapot", status));

            assertThat(f.kind()).isEqualTo(Kind.REFUSED);
            assertThat(f.getMessage()).isEqualTo("request refused by SageMaker (Teapot, " + status + "): Teapot says no");
        }

        @Test
        void anErrorWithoutDetailsIsNamedByItsClass() {
            AwsServiceException bare = SageMakerRuntimeException.builder().statusCode(418).build();

            assertThat(InvokeErrors.errorCode(bare)).isEqualTo("SageMakerRuntimeException");
            assertThat(InvokeErrors.classify(bare).getMessage())
                    .isEqualTo("request refused by SageMaker (SageMakerRuntimeException, 418): ");
            AwsServiceException noCode = SageMakerRuntimeException.builder().statusCode(418)
                    .awsErrorDetails(AwsErrorDetails.builder().errorMessage("m").build()).build();
            assertThat(InvokeErrors.errorCode(noCode)).isEqualTo("SageMakerRuntimeException");
        }

        private void assertRetryable(AwsServiceException e, String message) {
            AttemptFailure f = InvokeErrors.classify(e);
            assertThat(f.kind()).as(message).isEqualTo(Kind.RETRYABLE);
            assertThat(f.retryable()).isTrue();
            assertThat(f.recordRetryable()).isTrue();
            assertThat(f.outcome()).isEqualTo(Outcome.RETRYABLE_ERROR);
            assertThat(f.getMessage()).isEqualTo(message);
            assertThat(f.requestId()).isEqualTo(REQUEST_ID);
        }
    }

    @Nested
    class TheContainersErrors {

        @Test
        void a401IsATokenRefusal() {
            AttemptFailure f = InvokeErrors.classify(modelError(401, "{\"error\":\"TOKEN_EXPIRED\"}"));

            assertThat(f.kind()).isEqualTo(Kind.TOKEN_REFUSED);
            assertThat(f.outcome()).isEqualTo(Outcome.TOKEN_REJECTED);
            assertThat(f.requestId()).isEqualTo(REQUEST_ID);
        }

        @Test
        void a413IsALimitWithThePartnersStatedLimit() {
            AttemptFailure f = InvokeErrors.classify(modelError(413,
                    "{\"error\":\"LIMIT_EXCEEDED\",\"maxRecordsPerInvocation\":300}"));

            assertThat(f.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
            assertThat(f.partnerLimit()).isEqualTo(300);
            assertThat(f.outcome()).isEqualTo(Outcome.LIMIT_EXCEEDED);
            assertThat(f.getMessage()).isEqualTo("the partner container answered 413 LIMIT_EXCEEDED");
        }

        @ParameterizedTest
        @ValueSource(ints = {429, 500, 503, 599})
        void serverErrorsAndTooManyRequestsAreRetryable(int status) {
            AttemptFailure f = InvokeErrors.classify(modelError(status, "{\"error\":\"BUSY\"}"));

            assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(f.getMessage()).isEqualTo("the partner container answered " + status + " BUSY");
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 403, 404, 428, 430, 499})
        void otherClientErrorsAreRefused(int status) {
            AttemptFailure f = InvokeErrors.classify(modelError(status, "{\"error\":\"OPERATION_NOT_ENTITLED\"}"));

            assertThat(f.kind()).isEqualTo(Kind.REFUSED);
            assertThat(f.retryable()).isFalse();
            assertThat(f.getMessage()).isEqualTo("the partner container answered " + status + " OPERATION_NOT_ENTITLED");
        }

        @Test
        void aModelErrorWithoutAStatusIsAContainerThatTimedOutOrCrashedAndIsRetryable() {
            AttemptFailure f = InvokeErrors.classify(modelError(null, null));

            assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(f.getMessage()).isEqualTo("the partner container answered an error: "
                    + "Received error from primary container");
            assertThat(f.requestId()).isEqualTo(REQUEST_ID);
        }

        @Test
        void aBodyWithoutAnErrorCodeAddsNone() {
            assertThat(InvokeErrors.classify(modelError(400, "plain text")).getMessage())
                    .isEqualTo("the partner container answered 400");
        }

        @Test
        void theContainersErrorCodeIsQuotedOnlyWhenItLooksLikeOne() {
            assertThat(InvokeErrors.containerErrorCode("{\"error\":\"TOKEN_EXPIRED\"}")).isEqualTo("TOKEN_EXPIRED");
            assertThat(InvokeErrors.containerErrorCode("{\"error\":\"" + "A".repeat(64) + "\"}")).hasSize(64);
            assertThat(InvokeErrors.containerErrorCode("{\"error\":\"" + "A".repeat(65) + "\"}")).isNull();
            assertThat(InvokeErrors.containerErrorCode("{\"error\":\"alice@example.com\"}")).isNull();
            assertThat(InvokeErrors.containerErrorCode("{\"error\":\"\"}")).isNull();
            assertThat(InvokeErrors.containerErrorCode("{\"error\":5}")).isNull();
            assertThat(InvokeErrors.containerErrorCode("{\"code\":\"X\"}")).isNull();
            assertThat(InvokeErrors.containerErrorCode("[\"X\"]")).isNull();
            assertThat(InvokeErrors.containerErrorCode("not json")).isNull();
            assertThat(InvokeErrors.containerErrorCode(null)).isNull();
        }
    }

    @Nested
    class ClientSideFailures {

        @Test
        void timeOutsOfTheCallTheAttemptOrTheSocketAreRetryable() {
            for (var e : new software.amazon.awssdk.core.exception.SdkException[] {
                    ApiCallTimeoutException.create(1_000), ApiCallAttemptTimeoutException.create(1_000),
                    ScriptedSageMaker.socketTimeout()}) {
                AttemptFailure f = InvokeErrors.classify(e);
                assertThat(f.kind()).as(e.toString()).isEqualTo(Kind.RETRYABLE);
                assertThat(f.getMessage()).isEqualTo("InvokeEndpoint timed out");
                assertThat(f.requestId()).isNull();
            }
        }

        @Test
        void aConnectionResetIsRetryableNotAProtocolError() {
            AttemptFailure f = InvokeErrors.classify(ScriptedSageMaker.connectionReset());

            assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(f.outcome()).isEqualTo(Outcome.RETRYABLE_ERROR);
            assertThat(f.getMessage()).isEqualTo("InvokeEndpoint failed to complete: SocketException");
        }

        @Test
        void theRootCauseNamesTheFailure() {
            SdkClientException nested = SdkClientException.create("outer",
                    new IOException("middle", new IllegalStateException("inner")));

            assertThat(InvokeErrors.classify(nested).getMessage())
                    .isEqualTo("InvokeEndpoint failed to complete: IllegalStateException");
            assertThat(InvokeErrors.classify(SdkClientException.create("alone")).getMessage())
                    .isEqualTo("InvokeEndpoint failed to complete: SdkClientException");
        }

        @Test
        void aTimeOutDeepInTheCausesIsStillATimeOut() {
            Throwable cause = new SocketTimeoutException("Read timed out");
            for (int i = 0; i < 14; i++) {
                cause = new IOException("wrapped " + i, cause);
            }
            assertThat(InvokeErrors.classify(SdkClientException.create("outer", cause)).getMessage())
                    .isEqualTo("InvokeEndpoint timed out");
        }

        @Test
        void causesAreFollowedSixteenDeep() {
            // The time-out is the 17th exception of the chain: past the depth searched for one, but the
            // root cause named is the one 16 steps down.
            assertThat(InvokeErrors.classify(chain(16, new SocketTimeoutException("Read timed out"))).getMessage())
                    .isEqualTo("InvokeEndpoint failed to complete: SocketTimeoutException");
            assertThat(InvokeErrors.classify(chain(15, new SocketTimeoutException("Read timed out"))).getMessage())
                    .isEqualTo("InvokeEndpoint timed out");
            Throwable deeper = new IOException("16", new IllegalStateException("17"));
            assertThat(InvokeErrors.classify(chain(16, deeper)).getMessage())
                    .isEqualTo("InvokeEndpoint failed to complete: IOException");
        }

        @Test
        void aCycleOfCausesEndsTheSearch() {
            IOException a = new IOException("a");
            IOException b = new IOException("b", a);
            a.initCause(b);

            assertThat(InvokeErrors.classify(SdkClientException.create("outer", a)).getMessage())
                    .startsWith("InvokeEndpoint failed to complete: ");
        }

        /** An SdkClientException whose cause chain puts {@code last} at depth {@code depth} (the exception is 0). */
        private SdkClientException chain(int depth, Throwable last) {
            Throwable cause = last;
            for (int i = depth - 1; i >= 1; i--) {
                cause = new IOException("wrapped " + i, cause);
            }
            return SdkClientException.create("outer", cause);
        }

        @Test
        void anAnswerLargerThanTheBoundIsAProtocolError() {
            AttemptFailure f = InvokeErrors.classify(SdkClientException.create("read",
                    new ResponseTooLargeException(8)));

            assertThat(f.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(f.outcome()).isEqualTo(Outcome.PROTOCOL_ERROR);
            assertThat(f.retryable()).isTrue();
            assertThat(f.getMessage()).isEqualTo("protocol error: response body larger than the client accepts");
        }
    }

    @Nested
    class RequestIds {

        @Test
        void anIdThatLooksLikeARequestIdIsKept() {
            assertThat(InvokeErrors.requestId("0a1B-2c3d")).isEqualTo("0a1B-2c3d");
            assertThat(InvokeErrors.requestId("a".repeat(64))).hasSize(64);
        }

        @Test
        void anythingElseIsDropped() {
            assertThat(InvokeErrors.requestId((String) null)).isNull();
            assertThat(InvokeErrors.requestId("")).isNull();
            assertThat(InvokeErrors.requestId("a".repeat(65))).isNull();
            assertThat(InvokeErrors.requestId("id with spaces")).isNull();
            assertThat(InvokeErrors.requestId("token=abc")).isNull();
        }
    }

    @Nested
    class Failures {

        @Test
        void eachKindSaysWhetherRecordsAreWorthSendingAgainAndWhetherTheCircuitCountsIt() {
            EmbeddedServiceException later = new EmbeddedServiceException("later", true);
            EmbeddedServiceException never = new EmbeddedServiceException("never", false);
            assertKind(AttemptFailure.retryable("r", null), true, true, true, Outcome.RETRYABLE_ERROR);
            assertKind(AttemptFailure.refused("r", null), false, false, false, Outcome.NON_RETRYABLE_ERROR);
            assertKind(AttemptFailure.protocol("r", null), true, true, true, Outcome.PROTOCOL_ERROR);
            assertKind(AttemptFailure.limitExceeded("r", 3, null), false, false, false, Outcome.LIMIT_EXCEEDED);
            assertKind(AttemptFailure.tokenRefused(null), true, true, false, Outcome.TOKEN_REJECTED);
            assertKind(AttemptFailure.tokenUnavailable(later), true, true, false, Outcome.RETRYABLE_ERROR);
            assertKind(AttemptFailure.tokenUnavailable(never), false, false, false, Outcome.RETRYABLE_ERROR);
            assertKind(AttemptFailure.circuitOpen(), false, true, false, Outcome.CIRCUIT_OPEN);
            assertKind(AttemptFailure.deadline(), false, true, false, Outcome.NON_RETRYABLE_ERROR);
        }

        @Test
        void theReasonQuotesTheRequestIdWhenThereIsOne() {
            assertThat(AttemptFailure.retryable("throttled", "abc").reason()).isEqualTo("throttled (request id abc)");
            assertThat(AttemptFailure.retryable("throttled", null).reason()).isEqualTo("throttled");
        }

        @Test
        void aNegativeStatedLimitIsNone() {
            assertThat(AttemptFailure.limitExceeded("r", -1, null).partnerLimit()).isZero();
        }

        @Test
        void noTokenSaysWhyWithoutQuotingASecret() {
            AttemptFailure f = AttemptFailure.tokenUnavailable(new EmbeddedServiceException("refused", false));

            assertThat(f.kind()).isEqualTo(Kind.TOKEN_UNAVAILABLE);
            assertThat(f.getMessage()).isEqualTo("no valid token: refused");
        }

        private void assertKind(AttemptFailure f, boolean retryable, boolean recordRetryable, boolean countsForCircuit,
                                Outcome outcome) {
            assertThat(f.retryable()).as("%s retryable", f.kind()).isEqualTo(retryable);
            assertThat(f.recordRetryable()).as("%s record retryable", f.kind()).isEqualTo(recordRetryable);
            assertThat(f.countsForCircuit()).as("%s counts for the circuit", f.kind()).isEqualTo(countsForCircuit);
            assertThat(f.outcome()).as("%s outcome", f.kind()).isEqualTo(outcome);
        }
    }
}
