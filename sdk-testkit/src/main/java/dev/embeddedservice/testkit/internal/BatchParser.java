package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a batch body in one streaming pass (Jackson's {@link JsonParser}, no tree), skipping unknown fields.
 * Stateless and thread-safe.
 */
final class BatchParser {

    /** Used when {@code params.targetNamespace} is absent, as the command-line program's default. */
    static final String DEFAULT_NAMESPACE = "default";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private BatchParser() {
    }

    static Batch parse(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Batch.unparsable("body is not a JSON object");
            }
            String operation = null;
            String namespace = DEFAULT_NAMESPACE;
            List<Batch.Item> records = null;
            String error = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "operation" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            operation = p.getText();
                        } else {
                            error = firstError(error, "operation must be a string");
                            p.skipChildren();
                        }
                    }
                    case "params" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String param = p.currentName();
                                JsonToken v = p.nextToken();
                                if ("targetNamespace".equals(param)) {
                                    if (v == JsonToken.VALUE_STRING) {
                                        namespace = p.getText();
                                    } else {
                                        error = firstError(error, "params.targetNamespace must be a string");
                                        p.skipChildren();
                                    }
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            error = firstError(error, "params must be an object");
                            p.skipChildren();
                        }
                    }
                    case "records" -> {
                        if (value == JsonToken.START_ARRAY) {
                            records = new ArrayList<>(1024);
                            error = firstError(error, parseRecords(p, records));
                        } else {
                            error = firstError(error, "records must be an array");
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Batch.unparsable("body is not a single JSON object");
            }
            if (records == null) {
                return new Batch(operation, namespace, List.of(), 0, firstError(error, "records is missing"), body);
            }
            if (operation == null) {
                error = firstError(error, "operation is missing");
            }
            if (records.isEmpty()) {
                error = firstError(error, "records must not be empty");
            }
            return new Batch(operation, namespace, records, records.size(), error, body);
        } catch (IOException e) {
            return Batch.unparsable("body is not valid JSON");
        }
    }

    /** Parses the array's elements into {@code records}; returns the first structural error, or null. */
    private static String parseRecords(JsonParser p, List<Batch.Item> records) throws IOException {
        String error = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                error = firstError(error, "every record must be an object");
                p.skipChildren();
                records.add(new Batch.Item(null, null, null, "record is not an object"));
                continue;
            }
            String id = null;
            String type = null;
            String value = null;
            String problem = "record has no data";
            int dataStart = -1;
            int dataEnd = -1;
            boolean idIsString = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("id".equals(name)) {
                    if (v == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    } else {
                        idIsString = false;
                        p.skipChildren();
                    }
                } else if ("data".equals(name)) {
                    if (v == JsonToken.START_OBJECT) {
                        problem = null;
                        dataStart = (int) p.currentTokenLocation().getByteOffset();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken fv = p.nextToken();
                            if ("type".equals(field) && fv == JsonToken.VALUE_STRING) {
                                type = p.getText();
                            } else if ("value".equals(field) && fv == JsonToken.VALUE_STRING) {
                                value = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                        dataEnd = (int) p.currentLocation().getByteOffset();
                        if (type == null) {
                            problem = "record data has no string type";
                        } else if (value == null) {
                            problem = "record data has no string value";
                        }
                    } else {
                        problem = "record data is not an object";
                        dataStart = -1;
                        dataEnd = -1;
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (id == null) {
                error = firstError(error, idIsString ? "every record needs an id" : "record ids must be strings");
            }
            records.add(new Batch.Item(id, type, value, problem, dataStart, dataEnd));
        }
        return error;
    }

    private static String firstError(String current, String candidate) {
        return current != null ? current : candidate;
    }
}
