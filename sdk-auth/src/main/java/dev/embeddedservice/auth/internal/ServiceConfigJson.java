package dev.embeddedservice.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embeddedservice.auth.ServiceConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ServiceConfig} to and from its JSON form, the {@code config} object of protocol §1.
 * Unknown fields are ignored; a known field of the wrong type, or a limit that is not positive,
 * is refused rather than guessed at.
 */
public final class ServiceConfigJson {

    private ServiceConfigJson() {
    }

    /**
     * Reads a {@code config} object; {@code null}, a missing node or JSON {@code null} is the
     * empty configuration.
     *
     * @throws IllegalArgumentException naming the field that is wrong (never its value)
     */
    public static ServiceConfig read(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return ServiceConfig.empty();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'config' is not a JSON object");
        }
        return ServiceConfig.builder()
                .endpointName(text(node, "endpointName"))
                .region(text(node, "region"))
                .maxRecordsPerInvocation(positiveInt(node, "maxRecordsPerInvocation"))
                .maxPayloadBytes(positiveInt(node, "maxPayloadBytes"))
                .maxConcurrency(positiveInt(node, "maxConcurrency"))
                .operations(textList(node, "operations"))
                .build();
    }

    /** The JSON form of {@code config}; empty fields are left out. */
    public static ObjectNode write(ServiceConfig config) {
        ObjectNode node = SdkJson.MAPPER.createObjectNode();
        config.endpointName().ifPresent(v -> node.put("endpointName", v));
        config.region().ifPresent(v -> node.put("region", v));
        config.maxRecordsPerInvocation().ifPresent(v -> node.put("maxRecordsPerInvocation", v));
        config.maxPayloadBytes().ifPresent(v -> node.put("maxPayloadBytes", v));
        config.maxConcurrency().ifPresent(v -> node.put("maxConcurrency", v));
        config.operations().ifPresent(ops -> {
            ArrayNode array = node.putArray("operations");
            ops.forEach(array::add);
        });
        return node;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'config." + name + "' is not a string");
        }
        return value.textValue();
    }

    private static Integer positiveInt(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw new IllegalArgumentException("'config." + name + "' is not a positive 32-bit integer");
        }
        return value.intValue();
    }

    private static List<String> textList(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'config." + name + "' is not an array of strings");
        }
        List<String> list = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("'config." + name + "' is not an array of strings");
            }
            list.add(element.textValue());
        }
        return list;
    }
}
