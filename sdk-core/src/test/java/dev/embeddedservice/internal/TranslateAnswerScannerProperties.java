package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.internal.DecodedBatch.WireStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The translate fast path ({@link TranslateAnswerScanner}) against the general Jackson path: it
 * takes the plain form a container writes, every such body, and for any body at all the decoder
 * with the fast path answers exactly as the decoder without it, down to the violation's words.
 */
class TranslateAnswerScannerProperties {

    private static final int MAX_STRING = 1_000;
    private final ResponseDecoder withFastPath = new ResponseDecoder(new ObjectMapper().getFactory(), true);
    private final ResponseDecoder jacksonOnly = new ResponseDecoder(new ObjectMapper().getFactory(), false);

    // ------------------------------------------------------------------ the plain form is taken

    @Property(tries = 500)
    void everyPlainAnswerIsTakenByTheScanAndReadExactly(@ForAll("statuses") List<WireStatus> statuses,
                                                         @ForAll Random random) {
        Answer answer = Answer.of(statuses, random);
        String body = answer.plainBody(random);
        DecodedBatch<Object> batch = new DecodedBatch<>(statuses.size());
        batch.reset(statuses.size());

        assertThat(TranslateAnswerScanner.scan(bytes(body), batch, MAX_STRING)).as(body).isTrue();

        for (int i = 0; i < statuses.size(); i++) {
            assertThat(batch.status(i)).as("record %d", i).isEqualTo(statuses.get(i));
            assertThat(TranslatedIdDecoder.text(batch.value(i))).as("record %d", i)
                    .isEqualTo(statuses.get(i) == WireStatus.OK ? answer.translatedIds[i] : null);
            assertThat(batch.message(i)).as("record %d", i).isEqualTo(answer.messages[i]);
        }
    }

    @Example
    void theProtocolsOwnExampleIsTaken() {
        String body = "{\"results\": [{\"id\": \"1\", \"status\": \"NOT_FOUND\"},\n"
                + "             {\"id\": \"0\", \"status\": \"OK\", \"data\": {\"translatedId\": \"tk_a\"}}]}\n";
        DecodedBatch<Object> batch = new DecodedBatch<>(2);
        batch.reset(2);

        assertThat(TranslateAnswerScanner.scan(bytes(body), batch, MAX_STRING)).isTrue();
        assertThat(batch.status(0)).isEqualTo(WireStatus.OK);
        assertThat(TranslatedIdDecoder.text(batch.value(0))).isEqualTo("tk_a");
        assertThat(batch.status(1)).isEqualTo(WireStatus.NOT_FOUND);
        assertThat(batch.value(1)).isNull();
    }

    @Example
    void anEmptyAnswerToAnEmptyBatchIsTaken() {
        DecodedBatch<Object> batch = new DecodedBatch<>(0);
        batch.reset(0);
        assertThat(TranslateAnswerScanner.scan(bytes(" {\"results\" : [ ] } "), batch, MAX_STRING)).isTrue();
    }

    // ------------------------------------------------------------------ anything else is left to Jackson

    /** Each a well-formed answer the scan must leave to the general path (which may well accept it). */
    @Example
    void whatTheScanCannotCheckCompletelyIsLeftToTheGeneralPath() {
        String ok = "{\"id\":\"0\",\"status\":\"OK\",\"data\":{\"translatedId\":\"tk_0\"}}";
        List<String> others = List.of(
                "{\"results\":[" + ok.replace("tk_0", "tk_\\u0030") + "]}",            // an escape
                "{\"results\":[" + ok.replace("tk_0", "tk_\u00e9") + "]}",              // a multi-byte character
                "{\"results\":[" + ok.replace("tk_0", "tk_\u007f") + "]}",              // DEL
                "{\"results\":[" + ok.replace("tk_0", "tk_\t") + "]}",                  // a control character
                "{\"results\":[" + ok.replace("}}", "},\"latencyMs\":3}") + "]}",       // a field it does not know
                "{\"results\":[" + ok.replace("\"tk_0\"", "\"tk_0\",\"v\":1") + "]}",   // data with more in it
                "{\"results\":[" + ok.replace("}}", "},\"id\":\"0\"}") + "]}",          // a field twice
                "{\"results\":[" + ok.replace("}}", "},\"message\":\"m\",\"message\":null}") + "]}",
                "{\"results\":[" + ok.replace("tk_0", "") + "]}",                       // an empty id
                "{\"results\":[" + ok.replace("tk_0", "x".repeat(MAX_STRING + 1)) + "]}", // a string too long
                "{\"results\":[" + ok + "],\"model\":\"v1\"}",                      // more at the top
                "{\"model\":\"v1\",\"results\":[" + ok + "]}",
                "{\"results\":[" + ok.replace("\"status\":\"OK\",", "") + "]}",         // no status
                "{\"results\":[" + ok.replace("\"id\":\"0\",", "") + "]}",              // no id
                "{\"results\":[{\"id\":\"0\",\"status\":\"OK\",\"data\":null}]}",      // OK without data
                "{\"results\":[{\"id\":\"0\",\"status\":\"OK\",\"message\":null}]}",
                "{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\",\"data\":{}}]}",  // data it does not read
                "{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\",\"message\":7}]}",
                "{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\",\"message\":nul}]}",
                "{\"results\":[{\"id\":0,\"status\":\"NOT_FOUND\"}]}",
                "{\"results\":[{\"id\":\"1\",\"status\":\"NOT_FOUND\"}]}",              // an id never sent
                "{\"results\":[{\"id\":\"00\",\"status\":\"NOT_FOUND\"}]}",
                "{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\"},{\"id\":\"0\",\"status\":\"NOT_FOUND\"}]}",
                "{\"results\":[{\"id\":\"0\",\"status\":\"FOUND\"}]}",
                "{\"results\":[{}]}",
                "{\"results\":[null]}",
                "{\"results\":[" + ok + ",]}",
                "{\"results\":[" + ok + "]}{}",
                "{\"results\":[" + ok + "]",
                "{\"results\":[" + ok,
                "{\"results\":{}}",
                "[]",
                "");
        for (String body : others) {
            DecodedBatch<Object> batch = new DecodedBatch<>(1);
            batch.reset(1);
            assertThat(TranslateAnswerScanner.scan(bytes(body), batch, MAX_STRING)).as(body).isFalse();
        }
    }

    // ------------------------------------------------------------------ the same answer either way

    @Property(tries = 1000)
    @StatisticsReport(onFailureOnly = true)
    void withOrWithoutTheFastPathTheDecoderAnswersTheSame(@ForAll("statuses") List<WireStatus> statuses,
                                                         @ForAll @IntRange(min = 0, max = 6) int damages,
                                                         @ForAll Random random) {
        Statistics.label("outcome").coverage(c -> {
            c.check("accepted").count(count -> count >= 50);
            c.check("refused").count(count -> count >= 50);
        });
        Answer answer = Answer.of(statuses, random);
        String text = random.nextInt(4) == 0 ? answer.unusualBody(random) : answer.plainBody(random);
        byte[] body = damage(bytes(text), damages, random);

        String fast = outcome(withFastPath, body, statuses.size());
        String general = outcome(jacksonOnly, body, statuses.size());

        assertThat(fast).as(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo(general);
        Statistics.label("outcome").collect(general.startsWith("violation") ? "refused" : "accepted");
    }

    @Property(tries = 300)
    void anyBytesAtAllGetTheSameAnswerEitherWay(@ForAll byte[] body, @ForAll @IntRange(min = 1, max = 5) int expected) {
        assertThat(outcome(withFastPath, body, expected)).isEqualTo(outcome(jacksonOnly, body, expected));
    }

    /** What a decoder made of a body, as text: every position's status, value and message, or the violation. */
    private static String outcome(ResponseDecoder decoder, byte[] body, int expected) {
        try {
            DecodedBatch<Object> batch = decoder.decode(body, expected, TranslatedIdDecoder.INSTANCE);
            StringBuilder s = new StringBuilder("accepted");
            for (int i = 0; i < expected; i++) {
                s.append('|').append(batch.status(i)).append(',').append(TranslatedIdDecoder.text(batch.value(i)))
                        .append(',').append(batch.message(i));
            }
            return s.toString();
        } catch (ProtocolViolation e) {
            return "violation: " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------ building answers

    @Provide
    Arbitrary<List<WireStatus>> statuses() {
        return Arbitraries.of(WireStatus.class).list().ofMinSize(1).ofMaxSize(200);
    }

    /** A correct answer's content, decided before any body is written. */
    private record Answer(List<WireStatus> statuses, String[] translatedIds, String[] messages) {

        static Answer of(List<WireStatus> statuses, Random random) {
            int n = statuses.size();
            String[] ids = new String[n];
            String[] messages = new String[n];
            for (int i = 0; i < n; i++) {
                if (statuses.get(i) == WireStatus.OK) {
                    ids[i] = "tk_" + printable(random, 1 + random.nextInt(40));
                }
                if (statuses.get(i) != WireStatus.OK && random.nextBoolean()
                        || statuses.get(i) == WireStatus.OK && random.nextInt(10) == 0) {
                    messages[i] = printable(random, random.nextInt(30));
                }
            }
            return new Answer(statuses, ids, messages);
        }

        /** The plain form, results shuffled, fields in any order, any JSON white space, nulls spelled out or not. */
        String plainBody(Random random) {
            List<String> results = new ArrayList<>();
            for (int i = 0; i < statuses.size(); i++) {
                List<String> fields = new ArrayList<>();
                fields.add(field(random, "id", quoted(String.valueOf(i))));
                fields.add(field(random, "status", quoted(statuses.get(i).name())));
                if (translatedIds[i] != null) {
                    fields.add(field(random, "data", "{" + field(random, "translatedId", quoted(translatedIds[i]))
                            + space(random) + "}"));
                } else if (random.nextInt(3) == 0) {
                    fields.add(field(random, "data", "null"));
                }
                if (messages[i] != null) {
                    fields.add(field(random, "message", quoted(messages[i])));
                } else if (random.nextInt(3) == 0) {
                    fields.add(field(random, "message", "null"));
                }
                Collections.shuffle(fields, random);
                results.add(space(random) + "{" + String.join(space(random) + ",", fields) + space(random) + "}");
            }
            Collections.shuffle(results, random);
            return space(random) + "{" + field(random, "results", "[" + String.join(space(random) + ",", results)
                    + space(random) + "]") + space(random) + "}" + space(random);
        }

        /** The same content as JSON may also carry it: escapes, unknown fields, more at the top. */
        String unusualBody(Random random) {
            String plain = plainBody(random);
            return switch (random.nextInt(4)) {
                case 0 -> plain.replaceFirst("tk_", "tk\\u005f");
                case 1 -> plain.replaceFirst("\"status\"", "\"latencyMs\":3,\"status\"");
                case 2 -> plain.replaceFirst("\\{", "{\"model\":{\"v\":[1,2]},");
                default -> plain.replaceFirst("\"translatedId\"", "\"v\":null,\"translatedId\"");
            };
        }

        private static String field(Random random, String name, String value) {
            return space(random) + quoted(name) + space(random) + ":" + space(random) + value;
        }

        private static String quoted(String s) {
            return "\"" + s + "\"";
        }

        private static String space(Random random) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(4) == 0 ? random.nextInt(3) : 0; k > 0; k--) {
                s.append(" \n\r\t".charAt(random.nextInt(4)));
            }
            return s.toString();
        }

        /** Printable ASCII other than the quote and the backslash. */
        private static String printable(Random random, int length) {
            StringBuilder s = new StringBuilder();
            while (s.length() < length) {
                char c = (char) (0x20 + random.nextInt(0x5F));
                if (c != '"' && c != '\\') {
                    s.append(c);
                }
            }
            return s.toString();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces, deletes or inserts bytes at random places. */
    private static byte[] damage(byte[] body, int damages, Random random) {
        byte[] b = body;
        for (int d = 0; d < damages && b.length > 1; d++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) "0123456789\"{}[],: OKtk_nul\\\u00e9".charAt(random.nextInt(27));
                case 1 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> {
                    byte[] longer = Arrays.copyOf(b, b.length + 1);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    longer[at] = (byte) random.nextInt(256);
                    b = longer;
                }
            }
        }
        return b;
    }
}
