package dev.embeddedservice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.SocketTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Classifies what InvokeEndpoint threw into an {@link AttemptFailure}, once, as protocol §3's
 * tables say: SageMaker's own errors by type and status, the container's (ModelError) by its
 * original status (401 the token, 413 the batch size, 5xx and 429 transient, other 4xx final),
 * and client-side failures (time-outs, dropped connections, oversized answers) as transient.
 */
final class InvokeErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InvokeErrors() {
    }

    static AttemptFailure classify(SdkException e) {
        if (e instanceof ModelErrorException m) {
            return modelError(m);
        }
        if (e instanceof AwsServiceException a) {
            return serviceError(a);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || hasCause(e, SocketTimeoutException.class)) {
            // The attempt's time-out and the socket's race each other: either way the call timed out.
            return AttemptFailure.retryable("InvokeEndpoint timed out", null);
        }
        if (hasCause(e, ResponseTooLargeException.class)) {
            return AttemptFailure.protocol("response body larger than the client accepts", null);
        }
        // A dropped or refused connection, a reset, an I/O error: the call did not complete.
        return AttemptFailure.retryable("InvokeEndpoint failed to complete: " + rootCause(e).getClass().getSimpleName(),
                null);
    }

    private static AttemptFailure serviceError(AwsServiceException a) {
        String type = errorCode(a);
        String requestId = requestId(a);
        if (a instanceof ValidationErrorException) {
            return AttemptFailure.refused("request refused by SageMaker (ValidationError): " + message(a), requestId);
        }
        if (a instanceof ModelNotReadyException || a instanceof InternalFailureException
                || a instanceof ServiceUnavailableException || a instanceof InternalDependencyException) {
            return AttemptFailure.retryable("SageMaker " + type + " (" + a.statusCode() + ")", requestId);
        }
        if (RetryUtils.isThrottlingException(a)) {
            return AttemptFailure.retryable("throttled by SageMaker (" + type + ")", requestId);
        }
        if (a.statusCode() >= 500 || a.statusCode() == 429) {
            return AttemptFailure.retryable("SageMaker " + type + " (" + a.statusCode() + ")", requestId);
        }
        return AttemptFailure.refused("request refused by SageMaker (" + type + ", " + a.statusCode() + "): "
                + message(a), requestId);
    }

    private static AttemptFailure modelError(ModelErrorException m) {
        Integer original = m.originalStatusCode();
        int code = original == null ? 0 : original;
        String requestId = requestId(m);
        if (code == 401) {
            return AttemptFailure.tokenRefused(requestId);
        }
        String containerError = containerErrorCode(m.originalMessage());
        String what = "the partner container answered " + (code == 0 ? "an error" : String.valueOf(code))
                + (containerError == null ? "" : " " + containerError);
        if (code == 413) {
            return AttemptFailure.limitExceeded(what, partnerLimit(m.originalMessage()), requestId);
        }
        if (code >= 500 || code == 429) {
            return AttemptFailure.retryable(what, requestId);
        }
        if (code == 0) {
            // SageMaker reports a container that timed out or crashed without a status.
            return AttemptFailure.retryable(what + ": " + message(m), requestId);
        }
        return AttemptFailure.refused(what, requestId);
    }

    /** The {@code error} code of the container's JSON body, when it has one. */
    static String containerErrorCode(String originalMessage) {
        JsonNode body = parse(originalMessage);
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isTextual()) {
            return null;
        }
        String code = error.asText();
        return code.matches("[A-Z_]{1,64}") ? code : null;
    }

    /** The {@code maxRecordsPerInvocation} of a 413 LIMIT_EXCEEDED body, or 0. */
    static int partnerLimit(String originalMessage) {
        JsonNode body = parse(originalMessage);
        JsonNode limit = body == null ? null : body.get("maxRecordsPerInvocation");
        return limit != null && limit.canConvertToInt() && limit.asInt() > 0 ? limit.asInt() : 0;
    }

    private static JsonNode parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 65_536) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(s);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    static String errorCode(AwsServiceException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    /** The request id to quote to AWS, if it looks like one (it comes from a peer). */
    static String requestId(AwsServiceException e) {
        return requestId(e.requestId());
    }

    /** {@code id}, if it looks like a request id (it comes from a peer), else null. */
    static String requestId(String id) {
        return id != null && id.matches("[A-Za-z0-9-]{1,64}") ? id : null;
    }

    private static String message(AwsServiceException e) {
        String m = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
        return Redactor.sanitize(m == null ? "" : m);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth++ < 16; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        int depth = 0;
        while (c.getCause() != null && c.getCause() != c && depth++ < 16) {
            c = c.getCause();
        }
        return c;
    }
}
