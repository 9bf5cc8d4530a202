package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.internal.DecodedBatch.WireStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The response matcher's promise (protocol §2): results in any order are matched to the records
 * they name, every record once; a body that breaks the protocol in any way is a
 * {@link ProtocolViolation} for the whole batch, and whatever the decoder does accept is exactly
 * what the body says, never a result moved to another record.
 */
class ResponseDecoderProperties {

    private static final ObjectMapper ORACLE = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ResponseDecoder decoder = new ResponseDecoder(new ObjectMapper().getFactory());

    // ------------------------------------------------------------------ valid answers

    @Property(tries = 300)
    void resultsInAnyOrderAreEachMatchedToTheRecordTheyName(@ForAll("statuses") List<WireStatus> statuses,
                                                           @ForAll Random random) throws ProtocolViolation {
        List<String> results = answer(statuses, random);
        Collections.shuffle(results, random);

        DecodedBatch<Object> batch = decode(body(results), statuses.size());

        for (int i = 0; i < statuses.size(); i++) {
            assertThat(batch.status(i)).as("record %d", i).isEqualTo(statuses.get(i));
            switch (statuses.get(i)) {
                case OK -> assertThat(TranslatedIdDecoder.text(batch.value(i))).as("record %d", i).isEqualTo("tk_" + i);
                case INVALID, ERROR -> assertThat(batch.message(i)).as("record %d", i).isEqualTo("m" + i);
                case NOT_FOUND -> assertThat(TranslatedIdDecoder.text(batch.value(i))).isNull();
            }
        }
    }

    // ------------------------------------------------------------------ corruptions

    /** Ways a partner's answer can break protocol §2, each one certainly. */
    enum Corruption {
        DROP_A_RESULT, DUPLICATE_A_RESULT, DUPLICATE_WITH_ANOTHER_ANSWER, AN_ID_NEVER_SENT_INSTEAD,
        AN_ID_NEVER_SENT_BESIDES, AN_ID_THAT_IS_A_NUMBER, AN_UNKNOWN_STATUS, A_STATUS_THAT_IS_NOT_A_STRING,
        AN_OK_WITHOUT_DATA, A_TRANSLATED_ID_THAT_IS_NOT_A_STRING, A_RESULT_THAT_IS_NOT_AN_OBJECT, CUT_SHORT,
        CONTENT_AFTER, RESULTS_NOT_AN_ARRAY, NO_RESULTS, DEEP_NESTING
    }

    private static final String[] NEVER_SENT = {"-1", "+1", "01", "1.0", " 1", "1 ", "0x1", "1e0", "", "\u0661",
            "one", "999999999", "99999999999999999999"};

    @Property(tries = 1000)
    void everyAnswerThatBreaksTheProtocolIsAViolationOfTheWholeBatch(@ForAll("statuses") List<WireStatus> statuses,
                                                                    @ForAll Corruption corruption,
                                                                    @ForAll Random random) {
        int n = statuses.size();
        List<String> results = answer(statuses, random);
        Collections.shuffle(results, random);
        int at = random.nextInt(n);
        String body = switch (corruption) {
            case DROP_A_RESULT -> {
                results.remove(at);
                yield body(results);
            }
            case DUPLICATE_A_RESULT -> {
                results.add(random.nextInt(n + 1), results.get(at));
                yield body(results);
            }
            case DUPLICATE_WITH_ANOTHER_ANSWER -> {
                // A second, different answer for a record sent: which one is right cannot be known.
                int id = idOf(results.get(at));
                results.add(random.nextInt(n + 1), result(String.valueOf(id), "OK", "tk_other", null, random));
                yield body(results);
            }
            case AN_ID_NEVER_SENT_INSTEAD -> {
                results.set(at, result(neverSent(n, random), "NOT_FOUND", null, null, random));
                yield body(results);
            }
            case AN_ID_NEVER_SENT_BESIDES -> {
                results.add(random.nextInt(n + 1), result(neverSent(n, random), "NOT_FOUND", null, null, random));
                yield body(results);
            }
            case AN_ID_THAT_IS_A_NUMBER -> {
                int id = idOf(results.get(at));
                results.set(at, "{\"id\":" + id + ",\"status\":\"NOT_FOUND\"}");
                yield body(results);
            }
            case AN_UNKNOWN_STATUS -> {
                results.set(at, result(String.valueOf(idOf(results.get(at))),
                        new String[] {"ok", "FOUND", "", "OK ", "PARTIAL"}[random.nextInt(5)], null, null, random));
                yield body(results);
            }
            case A_STATUS_THAT_IS_NOT_A_STRING -> {
                results.set(at, "{\"id\":\"" + idOf(results.get(at)) + "\",\"status\":"
                        + new String[] {"1", "true", "null", "[\"OK\"]", "{}"}[random.nextInt(5)] + "}");
                yield body(results);
            }
            case AN_OK_WITHOUT_DATA -> {
                results.set(at, "{\"id\":\"" + idOf(results.get(at)) + "\",\"status\":\"OK\""
                        + new String[] {"", ",\"data\":null"}[random.nextInt(2)] + "}");
                yield body(results);
            }
            case A_TRANSLATED_ID_THAT_IS_NOT_A_STRING -> {
                results.set(at, "{\"id\":\"" + idOf(results.get(at)) + "\",\"status\":\"OK\",\"data\":"
                        + new String[] {"{\"translatedId\":7}", "{\"translatedId\":null}", "{}", "\"tk_7\"", "[]",
                                "{\"translatedId\":\"\"}"}[random.nextInt(6)] + "}");
                yield body(results);
            }
            case A_RESULT_THAT_IS_NOT_AN_OBJECT -> {
                String[] notObjects = {"\"" + idOf(results.get(at)) + "\"", "null", "[]", "7"};
                results.set(at, notObjects[random.nextInt(notObjects.length)]);
                yield body(results);
            }
            case CUT_SHORT -> {
                String whole = body(results);
                yield whole.substring(0, random.nextInt(whole.length()));
            }
            case CONTENT_AFTER -> body(results) + new String[] {"{}", "x", "[]", "\"\"", "0"}[random.nextInt(5)];
            case RESULTS_NOT_AN_ARRAY -> "{\"results\":" + new String[] {"{}", "null", "\"[]\"", "0"}[random.nextInt(4)]
                    + "}";
            case NO_RESULTS -> "{\"result\":[" + String.join(",", results) + "]}";
            case DEEP_NESTING -> {
                int depth = ResponseDecoder.MAX_NESTING_DEPTH + 1 + random.nextInt(1000);
                results.set(at, results.get(at).replaceFirst("\\{", "{\"x\":" + "[".repeat(depth) + "]".repeat(depth)
                        + ","));
                yield body(results);
            }
        };

        assertThatThrownBy(() -> decode(body, n)).as("%s: %s", corruption, body).isInstanceOf(ProtocolViolation.class);
    }

    @Property(tries = 1000)
    @StatisticsReport(onFailureOnly = true)
    void whateverIsAcceptedAfterAnyByteLevelDamageIsExactlyWhatTheBodySays(
            @ForAll("statuses") List<WireStatus> statuses, @ForAll @IntRange(min = 1, max = 8) int damages,
            @ForAll Random random) throws Exception {
        // Both outcomes must really occur, or the property proves nothing about accepted bodies.
        Statistics.label("outcome").coverage(c -> {
            c.check("accepted").count(count -> count >= 10);
            c.check("refused").count(count -> count >= 10);
        });
        int n = statuses.size();
        List<String> results = answer(statuses, random);
        Collections.shuffle(results, random);
        byte[] body = damage(body(results).getBytes(StandardCharsets.UTF_8), damages, random);

        DecodedBatch<Object> batch;
        try {
            batch = decoder.decode(body, n, TranslatedIdDecoder.INSTANCE);
        } catch (ProtocolViolation refused) {
            Statistics.label("outcome").collect("refused");
            return;
        }
        Statistics.label("outcome").collect("accepted");
        assertExactlyWhatTheBodySays(body, n, batch);
    }

    /** An accepted body: an independent parse must find one result per record sent, and the same answers. */
    private static void assertExactlyWhatTheBodySays(byte[] body, int n, DecodedBatch<Object> batch) throws Exception {
        JsonNode array = ORACLE.readTree(body).get("results");
        assertThat(array).hasSize(n);
        boolean[] seen = new boolean[n];
        for (JsonNode r : array) {
            int id = Integer.parseInt(r.get("id").textValue());
            assertThat(seen[id]).as("id %d once", id).isFalse();
            seen[id] = true;
            assertThat(batch.status(id)).as("record %d", id).isEqualTo(WireStatus.valueOf(r.get("status").textValue()));
            if (batch.status(id) == WireStatus.OK) {
                assertThat(TranslatedIdDecoder.text(batch.value(id))).as("record %d", id)
                        .isEqualTo(r.get("data").get("translatedId").textValue());
            }
        }
    }

    @Property(tries = 500)
    void anyBytesAtAllAreAnswersOrViolationsNeverAnotherFailure(@ForAll byte[] body,
                                                                @ForAll @IntRange(min = 1, max = 50) int expected)
            throws Exception {
        DecodedBatch<Object> batch;
        try {
            batch = decoder.decode(body, expected, TranslatedIdDecoder.INSTANCE);
        } catch (ProtocolViolation expectedOutcome) {
            assertThat(expectedOutcome.getMessage()).isNotBlank();
            return;
        }
        // Accepted (rare for random bytes): it must be exactly what the body says.
        assertExactlyWhatTheBodySays(body, expected, batch);
    }

    // ------------------------------------------------------------------ building bodies

    @Provide
    Arbitrary<List<WireStatus>> statuses() {
        return Arbitraries.of(WireStatus.class).list().ofMinSize(1).ofMaxSize(300);
    }

    private DecodedBatch<Object> decode(String body, int expected) throws ProtocolViolation {
        return decoder.decode(body.getBytes(StandardCharsets.UTF_8), expected, TranslatedIdDecoder.INSTANCE);
    }

    /** A correct answer, in record order: OK with {@code tk_i}, INVALID and ERROR with {@code m_i}. */
    private static List<String> answer(List<WireStatus> statuses, Random random) {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            WireStatus s = statuses.get(i);
            results.add(result(String.valueOf(i), s.name(), s == WireStatus.OK ? "tk_" + i : null,
                    s == WireStatus.INVALID || s == WireStatus.ERROR ? "m" + i : null, random));
        }
        return results;
    }

    /** One result object, its fields in a random order, sometimes with a field the protocol does not know. */
    private static String result(String id, String status, String translatedId, String message, Random random) {
        List<String> fields = new ArrayList<>();
        fields.add("\"id\":\"" + id + "\"");
        fields.add("\"status\":\"" + status + "\"");
        if (translatedId != null) {
            String extra = random.nextBoolean() ? ",\"v\":[1,{}]" : "";
            fields.add("\"data\":{\"translatedId\":\"" + translatedId + "\"" + extra + "}");
        }
        if (message != null) {
            fields.add("\"message\":\"" + message + "\"");
        }
        if (random.nextInt(4) == 0) {
            fields.add("\"latencyMs\":" + random.nextInt(100));
        }
        Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    private static String body(List<String> results) {
        StringJoiner body = new StringJoiner(",", "{\"results\":[", "]}");
        results.forEach(body::add);
        return body.toString();
    }

    private static int idOf(String result) {
        int at = result.indexOf("\"id\":\"") + 6;
        return Integer.parseInt(result.substring(at, result.indexOf('"', at)));
    }

    private static String neverSent(int n, Random random) {
        return random.nextBoolean() ? String.valueOf(n + random.nextInt(3))
                : NEVER_SENT[random.nextInt(NEVER_SENT.length)];
    }

    /** Replaces, deletes, inserts or repeats bytes, or inserts white space, at random places. */
    private static byte[] damage(byte[] body, int damages, Random random) {
        byte[] b = body;
        for (int d = 0; d < damages && b.length > 1; d++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] = (byte) "0123456789\"{}[],: OKtk_".charAt(random.nextInt(23));
                case 4 -> {
                    // White space: harmless between tokens, a different value inside a string.
                    byte[] longer = Arrays.copyOf(b, b.length + 1);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    longer[at] = (byte) " \n\t\r".charAt(random.nextInt(4));
                    b = longer;
                }
                case 1 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                case 2 -> {
                    byte[] longer = Arrays.copyOf(b, b.length + 1);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    longer[at] = (byte) random.nextInt(256);
                    b = longer;
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(40));
                    byte[] longer = new byte[b.length + len];
                    System.arraycopy(b, 0, longer, 0, at + len);
                    System.arraycopy(b, at, longer, at + len, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }
}
