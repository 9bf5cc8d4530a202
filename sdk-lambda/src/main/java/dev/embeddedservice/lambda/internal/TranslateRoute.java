package dev.embeddedservice.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /translate}: {@code {"targetNamespace": NS, "identifiers": [{"type": T, "value": V}, ...]}}
 * in, {@code {"results": [...], "summary": {...}}} out, one result per identifier in input order.
 * Type names are those of {@code esvc --type}; {@code targetNamespace} is optional.
 */
public final class TranslateRoute {

    private static final Set<String> TOP_FIELDS = Set.of("targetNamespace", "identifiers");
    private static final Set<String> IDENTIFIER_FIELDS = Set.of("type", "value");

    private TranslateRoute() {
    }

    /** The request in {@code root}; at most {@code maxIdentifiers} identifiers (else 413). */
    public static TranslateRequest parse(JsonNode root, int maxIdentifiers) {
        requireOnly(root, TOP_FIELDS, "the request body");
        JsonNode identifiers = root.get("identifiers");
        if (identifiers == null || !identifiers.isArray()) {
            throw RequestProblem.badRequest("\"identifiers\" is required: an array of {\"type\": ..., \"value\": ...}");
        }
        if (identifiers.isEmpty()) {
            throw RequestProblem.badRequest("\"identifiers\" is empty: send at least one identifier");
        }
        if (identifiers.size() > maxIdentifiers) {
            throw new RequestProblem(413, "TOO_MANY_RECORDS", "at most " + maxIdentifiers
                    + " identifiers per request (the synchronous Lambda payload limit); this one has "
                    + identifiers.size() + ": split it");
        }
        List<Identifier> ids = new ArrayList<>(identifiers.size());
        for (int i = 0; i < identifiers.size(); i++) {
            ids.add(identifier(identifiers.get(i), i));
        }
        TranslateRequest.Builder request = TranslateRequest.builder().identifiers(ids);
        JsonNode namespace = root.get("targetNamespace");
        if (namespace != null && !namespace.isNull()) {
            if (!namespace.isTextual() || namespace.asText().isBlank()) {
                throw RequestProblem.badRequest("\"targetNamespace\" must be a non-empty string when given");
            }
            request.targetNamespace(namespace.asText());
        }
        return request.build();
    }

    private static Identifier identifier(JsonNode node, int index) {
        String where = "identifiers[" + index + "]";
        if (node == null || !node.isObject()) {
            throw RequestProblem.badRequest(where + " must be an object {\"type\": ..., \"value\": ...}");
        }
        requireOnly(node, IDENTIFIER_FIELDS, where);
        JsonNode type = node.get("type");
        JsonNode value = node.get("value");
        if (type == null || !type.isTextual()) {
            throw RequestProblem.badRequest(where + ".type is required: a string");
        }
        if (value == null || !value.isTextual()) {
            throw RequestProblem.badRequest(where + ".value is required: a string");
        }
        IdentifierType identifierType;
        try {
            identifierType = IdentifierType.fromName(type.asText());
        } catch (InvalidConfigurationException e) {
            // the SDK's message quotes the name given, which could be anything the caller sent
            throw RequestProblem.badRequest(where + ".type is not one of "
                    + "email, phone, maid, email_sha256, phone_sha256, custom");
        }
        return Identifier.of(identifierType, value.asText());
    }

    /** Refuses fields other than {@code allowed}, without naming them (a field name could be a value). */
    static void requireOnly(JsonNode object, Set<String> allowed, String where) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (!allowed.contains(names.next())) {
                throw RequestProblem.badRequest(where + " has a field other than " + String.join(", ",
                        allowed.stream().sorted().toList()));
            }
        }
    }

    /** The response body: one result per identifier, in input order, and the summary. */
    public static String render(TranslateResponse response) {
        return JsonBodies.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (TranslateResult r : response.results()) {
                g.writeStartObject();
                g.writeStringField("status", r.status().name());
                g.writeStringField("type", r.type().name());
                String translatedId = r.translatedId().orElse(null);
                if (translatedId != null) {
                    g.writeStringField("translatedId", translatedId);
                }
                JsonBodies.writeReasonAndEnd(g, r.status(), r.reason(), r.retryable());
            }
            g.writeEndArray();
            JsonBodies.writeSummary(g, response.summary());
            g.writeEndObject();
        });
    }
}
