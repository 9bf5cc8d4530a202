package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.embeddedservice.testkit.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partner container behind the endpoint (protocol §4): it authenticates the token offline, checks the batch,
 * the entitlement and its record limit, runs the operation ({@code translate} exactly as §4 specifies, or the
 * emulator's {@code fraudScore}), answers the results in a seeded shuffled order and meters each 2xx answer in
 * {@code X-Amzn-Inference-Metering}. It can be told to misbehave (a container fault).
 *
 * <p>Checks run in this order: token (401 TOKEN_INVALID / TOKEN_EXPIRED), batch shape (400 INVALID_BATCH),
 * entitlement (403 OPERATION_NOT_ENTITLED), supported operation (400 INVALID_BATCH), record limit
 * (413 LIMIT_EXCEEDED). Thread-safe.
 */
final class PartnerContainer {

    /** The operations this container implements; a token must also entitle to them. */
    static final Set<String> OPERATIONS = Set.of(Translator.OPERATION, FraudScorer.OPERATION);
    private static final long SHUFFLE_STREAM = 11;
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NON_JSON_BODY =
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private final TokenVerifier verifier;
    private final long seed;
    private final AtomicInteger maxRecords;

    PartnerContainer(TokenVerifier verifier, long seed, int maxRecords) {
        this.verifier = verifier;
        this.seed = seed;
        this.maxRecords = new AtomicInteger(maxRecords);
    }

    int maxRecords() {
        return maxRecords.get();
    }

    void maxRecords(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("containerMaxRecords must be at least 1, was " + limit);
        }
        maxRecords.set(limit);
    }

    /**
     * Answers one invocation. {@code fault} is a container fault ({@link Fault#CONTAINER_500} or an answer fault)
     * or null; an answer fault applies only when the answer would be 2xx.
     */
    ContainerResponse invoke(Batch batch, String customAttributes, long invocationNumber, Fault fault) {
        if (fault == Fault.CONTAINER_500) {
            return error(500, "INTERNAL_ERROR", "the model server failed while handling the request", null, null, fault);
        }
        TokenVerifier.Check check = verifier.verify(CustomAttributes.token(customAttributes), null);
        String tokenId = check.claims() == null ? null : check.claims().jti();
        switch (check.outcome()) {
            case INVALID -> {
                return error(401, "TOKEN_INVALID", check.message(), null, tokenId, null);
            }
            case EXPIRED -> {
                return error(401, "TOKEN_EXPIRED", check.message(), null, tokenId, null);
            }
            default -> {
                // valid so far; entitlement is checked once the operation is known
            }
        }
        if (batch.error() != null) {
            return error(400, "INVALID_BATCH", batch.error(), null, tokenId, null);
        }
        if (!check.claims().ops().contains(batch.operation())) {
            return error(403, "OPERATION_NOT_ENTITLED",
                    "the subscription does not include operation '" + batch.operation() + "'", null, tokenId, null);
        }
        if (!OPERATIONS.contains(batch.operation())) {
            return error(400, "INVALID_BATCH", "unsupported operation '" + batch.operation() + "'", null, tokenId, null);
        }
        int limit = maxRecords.get();
        if (batch.recordCount() > limit) {
            return error(413, "LIMIT_EXCEEDED", "a batch may carry at most " + limit + " records", limit, tokenId, null);
        }
        Set<String> ids = new HashSet<>(batch.recordCount() * 2);
        for (Batch.Item item : batch.records()) {
            if (!ids.add(item.id())) {
                return error(400, "INVALID_BATCH", "record ids must be unique within a batch", null, tokenId, null);
            }
        }
        return answer(batch, ids, invocationNumber, fault, tokenId);
    }

    private ContainerResponse answer(Batch batch, Set<String> ids, long invocationNumber, Fault fault, String tokenId) {
        int n = batch.recordCount();
        RecordAnswer[] results = new RecordAnswer[n];
        if (Translator.OPERATION.equals(batch.operation())) {
            for (int i = 0; i < n; i++) {
                results[i] = Translator.translate(batch.namespace(), batch.records().get(i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                results[i] = FraudScorer.score(batch.body(), batch.records().get(i));
            }
        }
        SplittableRandom random = new SplittableRandom(SplitMix.value(seed, SHUFFLE_STREAM, invocationNumber));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            RecordAnswer t = results[i];
            results[i] = results[j];
            results[j] = t;
        }
        long billed = n;
        List<RecordAnswer> out = new ArrayList<>(Arrays.asList(results));
        Fault applied = null;
        if (fault != null) {
            applied = fault;
            int at = random.nextInt(n);
            switch (fault) {
                case RECORD_ERROR -> {
                    out.set(at, new RecordAnswer(out.get(at).id(), RecordAnswer.Status.ERROR, null,
                            "transient error, the record may be retried"));
                    billed = n - 1;
                }
                case MISSING_RESULT -> out.remove(at);
                case DUPLICATE_RESULT -> out.add(random.nextInt(n + 1), out.get(at));
                case UNKNOWN_RESULT_ID -> {
                    String unknown = "unknown-" + invocationNumber;
                    while (ids.contains(unknown)) {
                        unknown = unknown + "-x";
                    }
                    out.set(at, out.get(at).withId(unknown));
                }
                case TRUNCATED_BODY, NON_JSON_BODY -> {
                    // applied to the serialized body below
                }
                default -> applied = null;
            }
        }
        String metering = "{\"Dimension\":\"inference.count\",\"ConsumedUnits\":" + billed + "}";
        if (applied == Fault.NON_JSON_BODY) {
            return new ContainerResponse(200, "text/html", NON_JSON_BODY, metering, null, tokenId, applied);
        }
        byte[] body = write(out);
        if (applied == Fault.TRUNCATED_BODY) {
            body = Arrays.copyOf(body, body.length / 2);
        }
        return new ContainerResponse(200, "application/json", body, metering, null, tokenId, applied);
    }

    private static byte[] write(List<RecordAnswer> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + results.size() * 72);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (RecordAnswer r : results) {
                r.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ContainerResponse error(int status, String code, String message, Integer limit, String tokenId,
                                           Fault fault) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            if (limit != null) {
                g.writeNumberField("maxRecordsPerInvocation", limit);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContainerResponse(status, "application/json", out.toByteArray(), null, code, tokenId, fault);
    }
}
