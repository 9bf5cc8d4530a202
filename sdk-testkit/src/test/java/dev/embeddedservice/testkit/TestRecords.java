package dev.embeddedservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Test batches, and protocol §4's translate computed independently of the emulator's code (plain
 * {@link MessageDigest} and {@code %02x} formatting), so a test compares the emulator against the spec.
 */
final class TestRecords {

    record Item(String id, String type, String value) {
    }

    /** The expected answer for one record: status and, for OK, the translated id. */
    record Expected(String status, String translatedId) {
    }

    private TestRecords() {
    }

    static Expected expected(String namespace, String type, String value) {
        boolean valid = switch (type) {
            case "EMAIL_SHA256", "PHONE_SHA256" -> value.matches("[0-9a-f]{64}");
            case "MAID" -> value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            case "CUSTOM" -> !value.isEmpty();
            default -> false;
        };
        if (!valid) {
            return new Expected("INVALID", null);
        }
        String h = sha256Hex(namespace + "|" + type + "|" + value);
        return h.startsWith("f") ? new Expected("NOT_FOUND", null) : new Expected("OK", "tk_" + h.substring(0, 32));
    }

    static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : digest) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code n} valid records of every type, deterministic for {@code seed}, ids "0".."n-1". */
    static List<Item> valid(int n, long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = Integer.toString(i);
            items.add(switch (i % 4) {
                case 0 -> new Item(id, "EMAIL_SHA256", sha256Hex("user" + random.nextInt(1_000_000) + "@example.com"));
                case 1 -> new Item(id, "PHONE_SHA256", sha256Hex("+1555" + (1_000_000 + random.nextInt(8_999_999))));
                case 2 -> new Item(id, "MAID", new UUID(random.nextLong(), random.nextLong()).toString());
                default -> new Item(id, "CUSTOM", "crm-" + random.nextInt(1_000_000));
            });
        }
        return items;
    }

    static String batch(String namespace, List<Item> items) {
        ObjectNode root = RawHttp.MAPPER.createObjectNode();
        root.put("operation", "translate");
        root.putObject("params").put("targetNamespace", namespace);
        ArrayNode records = root.putArray("records");
        for (Item item : items) {
            ObjectNode record = records.addObject();
            record.put("id", item.id());
            record.putObject("data").put("type", item.type()).put("value", item.value());
        }
        return root.toString();
    }

    static String batch(List<Item> items) {
        return batch("acme-media", items);
    }

    /** The ids of a 200 answer's results, in answer order. */
    static List<String> resultIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("results").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }
}
