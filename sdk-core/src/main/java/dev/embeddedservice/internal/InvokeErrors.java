package dev.embeddedservice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.internal.AttemptFailure.Kind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Classifies what InvokeEndpoint threw into an {@link AttemptFailure}, as protocol §3's tables
 * say. A ModelError 401 is not classified here: the invoker handles it by re-activating.
 */
final class InvokeErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InvokeErrors() {
    }

    static AttemptFailure classify(SdkException e, Object state) {
        if (e instanceof ModelErrorException m) {
            return modelError(m, state);
        }
        if (e instanceof ValidationErrorException v) {
            return failure(Kind.NON_RETRYABLE, "request refused by SageMaker (ValidationError): " + message(v),
                    false, false, "ValidationError", state);
        }
        if (e instanceof ModelNotReadyException || e instanceof InternalFailureException
                || e instanceof ServiceUnavailableException || e instanceof InternalDependencyException) {
            String type = errorCode((AwsServiceException) e);
            return failure(Kind.RETRYABLE, "SageMaker " + type + " (" + ((AwsServiceException) e).statusCode() + ")",
                    true, true, type, state);
        }
        if (e instanceof AwsServiceException a) {
            String type = errorCode(a);
            if (RetryUtils.isThrottlingException(a)) {
                return failure(Kind.RETRYABLE, "throttled by SageMaker (" + type + ")", true, true, type, state);
            }
            if (a.statusCode() >= 500 || a.statusCode() == 429) {
                return failure(Kind.RETRYABLE, "SageMaker " + type + " (" + a.statusCode() + ")", true, true, type, state);
            }
            return failure(Kind.NON_RETRYABLE, "request refused by SageMaker (" + type + ", " + a.statusCode() + "): "
                    + message(a), false, false, type, state);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return failure(Kind.RETRYABLE, "InvokeEndpoint timed out", true, true, "Timeout", state);
        }
        if (hasCause(e, ResponseTooLargeException.class)) {
            return failure(Kind.PROTOCOL, "response body larger than the client accepts", true, true,
                    "ResponseTooLarge", state);
        }
        if (e instanceof SdkClientException) {
            Throwable root = rootCause(e);
            return failure(Kind.RETRYABLE, "InvokeEndpoint failed to complete: " + root.getClass().getSimpleName(),
                    true, true, root.getClass().getSimpleName(), state);
        }
        return failure(Kind.RETRYABLE, "InvokeEndpoint failed: " + e.getClass().getSimpleName(), true, true,
                e.getClass().getSimpleName(), state);
    }

    private static AttemptFailure modelError(ModelErrorException m, Object state) {
        Integer original = m.originalStatusCode();
        int code = original == null ? 0 : original;
        String containerError = containerErrorCode(m.originalMessage());
        String what = "the partner container answered " + (code == 0 ? "an error" : String.valueOf(code))
                + (containerError == null ? "" : " " + containerError);
        if (code == 413) {
            return new AttemptFailure(Kind.LIMIT_EXCEEDED, what, false, true, false, "ModelError",
                    partnerLimit(m.originalMessage()), state);
        }
        if (code >= 500 || code == 429) {
            return failure(Kind.RETRYABLE, what, true, true, "ModelError", state);
        }
        if (code == 0) {
            // SageMaker reports a container that timed out or crashed without a status.
            return failure(Kind.RETRYABLE, what + ": " + message(m), true, true, "ModelError", state);
        }
        return failure(Kind.NON_RETRYABLE, what, false, false, "ModelError", state);
    }

    private static AttemptFailure failure(Kind kind, String reason, boolean retry, boolean circuit, String type,
                                          Object state) {
        return new AttemptFailure(kind, reason, retry, retry, circuit, type, 0, state);
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

    private static String message(AwsServiceException e) {
        String m = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
        return Redactor.sanitize(m == null ? "" : m);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
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
