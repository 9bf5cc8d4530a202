package dev.embeddedservice.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.BatchResult;
import dev.embeddedservice.Operation;
import dev.embeddedservice.RecordResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /invoke/{operation}}: any other partner operation (fraud scoring, brand safety, ...)
 * through the generic envelope. {@code {"params": {...}, "records": [{"data": ...}, ...]}} in, each
 * record's {@code data} passed through as is; {@code {"results": [{"status": S, "data": ...}, ...],
 * "summary": {...}}} out, one result per record in input order.
 */
public final class InvokeRoute {

    private static final Pattern OPERATION = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> TOP_FIELDS = Set.of("params", "records");
    private static final Set<String> RECORD_FIELDS = Set.of("data");

    private InvokeRoute() {
    }

    /** A parsed call: the operation with its params, and the records' data. */
    public record Call(Operation<JsonNode, JsonNode> operation, List<JsonNode> inputs) {
    }

    /** The call in {@code root} for {@code operationName}; at most {@code maxRecords} records (else 413). */
    public static Call parse(String operationName, JsonNode root, int maxRecords) {
        if (operationName == null || !OPERATION.matcher(operationName).matches()) {
            throw RequestProblem.badRequest("the operation in /invoke/{operation} must be a name of letters, "
                    + "digits, '_', '.' or '-', starting with a letter, at most 64 characters");
        }
        TranslateRoute.requireOnly(root, TOP_FIELDS, "the request body");
        Operation<JsonNode, JsonNode> operation = Operation.of(operationName, JsonNode.class, JsonNode.class);
        JsonNode params = root.get("params");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw RequestProblem.badRequest("\"params\" must be an object when given");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> param = it.next();
                operation = operation.withParam(param.getKey(), param.getValue());
            }
        }
        JsonNode records = root.get("records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw RequestProblem.badRequest("\"records\" is required: a non-empty array of {\"data\": ...}");
        }
        if (records.size() > maxRecords) {
            throw new RequestProblem(413, "TOO_MANY_RECORDS", "at most " + maxRecords
                    + " records per request (the synchronous Lambda payload limit); this one has "
                    + records.size() + ": split it");
        }
        List<JsonNode> inputs = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            if (!record.isObject()) {
                throw RequestProblem.badRequest("records[" + i + "] must be an object {\"data\": ...}");
            }
            TranslateRoute.requireOnly(record, RECORD_FIELDS, "records[" + i + "]");
            JsonNode data = record.get("data");
            if (data == null || data.isNull()) {
                throw RequestProblem.badRequest("records[" + i + "].data is required");
            }
            inputs.add(data);
        }
        return new Call(operation, inputs);
    }

    /** The response body: one result per record, in input order, and the summary. */
    public static String render(BatchResult<JsonNode> result) {
        return JsonBodies.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (RecordResult<JsonNode> r : result.results()) {
                g.writeStartObject();
                g.writeStringField("status", r.status().name());
                if (r.value().isPresent()) {
                    g.writeFieldName("data");
                    g.writeTree(r.value().get());
                }
                JsonBodies.writeReasonAndEnd(g, r.status(), r.reason(), r.retryable());
            }
            g.writeEndArray();
            JsonBodies.writeSummary(g, result.summary());
            g.writeEndObject();
        });
    }
}
