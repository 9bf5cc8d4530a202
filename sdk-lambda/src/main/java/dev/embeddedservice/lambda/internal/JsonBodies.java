package dev.embeddedservice.lambda.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reading request bodies and writing response bodies. A body that does not parse is refused with
 * its line and column only: Jackson's own messages quote the input, which may be personal data.
 */
public final class JsonBodies {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {
    }

    /** The body as JSON: it must be an object. */
    public static JsonNode parseObject(String body, boolean base64) {
        if (body == null || body.isBlank()) {
            throw RequestProblem.badRequest("the request has no body: send a JSON object");
        }
        String text = body;
        if (base64) {
            try {
                text = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw RequestProblem.badRequest("the request body is marked base64 but is not base64");
            }
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw RequestProblem.badRequest("the request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw RequestProblem.badRequest("the request body must be a JSON object");
        }
        return root;
    }

    /** Writes a JSON document with {@code body}. */
    public static String write(JsonWriter body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code {"error": code, "message": message}}. */
    public static String error(String code, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    /** The end of one result object: its reason when it has one, whether it may be retried when FAILED. */
    static void writeReasonAndEnd(JsonGenerator g, RecordStatus status, Optional<String> reason, boolean retryable)
            throws IOException {
        if (reason.isPresent()) {
            g.writeStringField("reason", reason.get());
        }
        if (status == RecordStatus.FAILED) {
            g.writeBooleanField("retryable", retryable);
        }
        g.writeEndObject();
    }

    /** The summary object of a response. */
    static void writeSummary(JsonGenerator g, InvocationSummary s) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("records", s.records());
        g.writeNumberField("uniqueRecordsSent", s.uniqueRecordsSent());
        g.writeNumberField("invocations", s.invocations());
        g.writeNumberField("retries", s.retries());
        g.writeNumberField("reactivations", s.reactivations());
        g.writeNumberField("billedRecords", s.billedRecords());
        g.writeNumberField("ok", s.ok());
        g.writeNumberField("notFound", s.notFound());
        g.writeNumberField("invalid", s.invalid());
        g.writeNumberField("failed", s.failed());
        g.writeNumberField("elapsedMillis", s.elapsed().toMillis());
        g.writeEndObject();
    }

    /** Writes one JSON document. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator generator) throws IOException;
    }
}
