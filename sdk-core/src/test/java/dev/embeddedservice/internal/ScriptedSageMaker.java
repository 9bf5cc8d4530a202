package dev.embeddedservice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import software.amazon.awssdk.awscore.DefaultAwsResponseMetadata;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeResponseMetadata;

/**
 * A SageMaker runtime client that answers in-process, one scripted answer per call and then as a
 * well-behaved partner would: every record {@code OK} with {@code translatedId = "tk_" + value}. It
 * keeps what each call sent. A partner limit, when set, refuses larger batches with a 413 (stating
 * the limit or not). Not thread-safe beyond one worker, which is how the tests use it.
 */
final class ScriptedSageMaker implements SageMakerRuntimeClient {

    static final String REQUEST_ID = "req-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call as sent: the records' ids and values, the token, the body's size. */
    record Sent(List<String> ids, List<String> values, String token, int bytes) {
        int records() {
            return ids.size();
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Deque<Function<Sent, InvokeEndpointResponse>> script = new ArrayDeque<>();
    private int partnerLimit = Integer.MAX_VALUE;
    private boolean statesLimit = true;

    /** The next call is answered by {@code answer} (which may throw). */
    synchronized ScriptedSageMaker then(Function<Sent, InvokeEndpointResponse> answer) {
        script.add(answer);
        return this;
    }

    /** The next call throws {@code e}. */
    ScriptedSageMaker thenThrow(SdkException e) {
        return then(s -> {
            throw e;
        });
    }

    /** Batches of more than {@code limit} records are refused with a 413, stating the limit or not. */
    synchronized ScriptedSageMaker partnerLimit(int limit, boolean stated) {
        this.partnerLimit = limit;
        this.statesLimit = stated;
        return this;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The number of records of each call, in order. */
    synchronized List<Integer> sizes() {
        return sent.stream().map(Sent::records).toList();
    }

    @Override
    public InvokeEndpointResponse invokeEndpoint(InvokeEndpointRequest request) {
        Sent s = parse(request);
        Function<Sent, InvokeEndpointResponse> answer;
        synchronized (this) {
            sent.add(s);
            answer = script.poll();
            if (answer == null && s.records() > partnerLimit) {
                throw modelError(413, statesLimit
                        ? "{\"error\":\"LIMIT_EXCEEDED\",\"maxRecordsPerInvocation\":" + partnerLimit + "}"
                        : "{\"error\":\"LIMIT_EXCEEDED\"}");
            }
        }
        return answer != null ? answer.apply(s) : ok(s);
    }

    // ------------------------------------------------------------------ answers

    /** Every record OK, {@code translatedId = "tk_" + value}. */
    static InvokeEndpointResponse ok(Sent s) {
        return answer(s, i -> "OK");
    }

    /** Record {@code i} answered with {@code status.apply(i)} (OK ones with data, ERROR and INVALID with a message). */
    static InvokeEndpointResponse answer(Sent s, IntFunction<String> status) {
        ArrayNode results = JSON.createArrayNode();
        for (int i = 0; i < s.records(); i++) {
            ObjectNode r = results.addObject().put("id", s.ids().get(i)).put("status", status.apply(i));
            switch (status.apply(i)) {
                case "OK" -> r.putObject("data").put("translatedId", "tk_" + s.values().get(i));
                case "ERROR" -> r.put("message", "busy");
                case "INVALID" -> r.put("message", "bad record");
                default -> { }
            }
        }
        return body(JSON.createObjectNode().set("results", results).toString());
    }

    /** A 2xx answer with {@code body}. */
    static InvokeEndpointResponse body(String body) {
        InvokeEndpointResponse.Builder b = InvokeEndpointResponse.builder()
                .body(SdkBytes.fromUtf8String(body))
                .contentType("application/json");
        b.responseMetadata(SageMakerRuntimeResponseMetadata.create(
                DefaultAwsResponseMetadata.create(Map.of("AWS_REQUEST_ID", REQUEST_ID))));
        return b.build();
    }

    // ------------------------------------------------------------------ errors

    /** SageMaker's ModelError with the container's status ({@code null}: none) and body. */
    static ModelErrorException modelError(Integer originalStatus, String originalMessage) {
        return (ModelErrorException) ModelErrorException.builder()
                .originalStatusCode(originalStatus)
                .originalMessage(originalMessage)
                .message("Received error from primary container")
                .statusCode(424)
                .requestId(REQUEST_ID)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ModelError")
                        .errorMessage("Received error from primary container").build())
                .build();
    }

    /** A SageMaker error of {@code type} with {@code status}, as an unmodelled exception. */
    static SageMakerRuntimeException serviceError(String type, int status) {
        return (SageMakerRuntimeException) SageMakerRuntimeException.builder()
                .statusCode(status)
                .requestId(REQUEST_ID)
                .message(type)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(type).errorMessage(type + " says no").build())
                .build();
    }

    /** A connection reset while the call was under way. */
    static SdkClientException connectionReset() {
        return SdkClientException.create("Unable to execute HTTP request", new SocketException("Connection reset"));
    }

    /** A socket time-out while reading the answer. */
    static SdkClientException socketTimeout() {
        return SdkClientException.create("Unable to execute HTTP request", new SocketTimeoutException("Read timed out"));
    }

    // ------------------------------------------------------------------ the rest of the interface

    @Override
    public String serviceName() {
        return "sagemaker";
    }

    @Override
    public void close() {
    }

    private static Sent parse(InvokeEndpointRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body().asUtf8String());
            List<String> ids = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (JsonNode r : body.get("records")) {
                ids.add(r.get("id").asText());
                values.add(r.get("data").get("value").asText());
            }
            String token = request.customAttributes().substring("token=".length());
            return new Sent(List.copyOf(ids), List.copyOf(values), token,
                    request.body().asByteArrayUnsafe().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
