package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Parses and checks a batch response against protocol §2 in one streaming pass: {@code results}
 * must hold every record id sent exactly once, each with a known status, and {@code OK} results
 * must carry data. Anything else is a {@link ProtocolViolation} for the whole batch: the decoder
 * never guesses and never attributes a result to a record it was not sent for.
 */
public final class ResponseDecoder {

    /** Nesting beyond this is hostile, not a result. */
    static final int MAX_NESTING_DEPTH = 64;

    private final JsonFactory factory;
    /** Whether translate answers in the plain form take the {@link TranslateAnswerScanner} fast path. */
    private final boolean fastPath;
    private final int maxStringLength;

    public ResponseDecoder(JsonFactory base) {
        this(base, true);
    }

    /** A decoder; {@code fastPath} false sends every body through Jackson (tests compare the two). */
    ResponseDecoder(JsonFactory base, boolean fastPath) {
        this.factory = base.copy().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        this.fastPath = fastPath;
        this.maxStringLength = factory.streamReadConstraints().getMaxStringLength();
    }

    /**
     * Per thread, the last answer decoded, decoded into again: the thread that decodes an answer
     * applies it before it decodes the next.
     */
    private static final ThreadLocal<DecodedBatch<?>> LAST = new ThreadLocal<>();

    /**
     * The checked answer to a batch of {@code expected} records; valid until this thread decodes
     * another.
     */
    @SuppressWarnings("unchecked")
    public <O> DecodedBatch<O> decode(byte[] body, int expected, DataDecoder<O> dataDecoder) throws ProtocolViolation {
        DecodedBatch<O> batch = (DecodedBatch<O>) LAST.get();
        if (batch == null || batch.capacity() < expected) {
            batch = new DecodedBatch<>(expected);
            LAST.set(batch);
        }
        batch.reset(expected);
        if (!(fastPath && dataDecoder == TranslatedIdDecoder.INSTANCE
                && TranslateAnswerScanner.scan(body, batch, maxStringLength))) {
            batch.reset(expected);
            parse(body, batch, dataDecoder);
        }
        int missing = 0;
        for (int i = 0; i < expected; i++) {
            if (!batch.seen(i)) {
                missing++;
            }
        }
        if (missing > 0) {
            throw new ProtocolViolation("response is missing " + missing + " of " + expected + " record ids");
        }
        return batch;
    }

    /** The general path: Jackson's streaming parser, any well-formed JSON, every violation worded. */
    private <O> void parse(byte[] body, DecodedBatch<O> batch, DataDecoder<O> dataDecoder) throws ProtocolViolation {
        boolean sawResults = false;
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolViolation("response body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("results".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new ProtocolViolation("response results is not an array");
                    }
                    sawResults = true;
                    readResults(p, batch, dataDecoder);
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ProtocolViolation("response body has content after its JSON object");
            }
        } catch (StreamConstraintsException e) {
            throw new ProtocolViolation("response body exceeds parser limits (nesting or size)");
        } catch (IOException e) {
            // Jackson's message may quote the body; say only where it broke.
            throw new ProtocolViolation("response body is not valid JSON");
        }
        if (!sawResults) {
            throw new ProtocolViolation("response has no results");
        }
    }

    private static <O> void readResults(JsonParser p, DecodedBatch<O> batch, DataDecoder<O> dataDecoder)
            throws IOException, ProtocolViolation {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new ProtocolViolation("a result is not a JSON object");
            }
            int position = -1;
            boolean hasId = false;
            DecodedBatch.WireStatus status = null;
            Object value = null;
            boolean hasData = false;
            ProtocolViolation dataError = null;
            String message = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "id" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            throw new ProtocolViolation("a result id is not a string");
                        }
                        hasId = true;
                        position = parsePosition(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(),
                                batch.size());
                    }
                    case "status" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            throw new ProtocolViolation("a result status is not a string");
                        }
                        status = parseStatus(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                    case "data" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            break;
                        }
                        hasData = true;
                        if (status != null && status != DecodedBatch.WireStatus.OK) {
                            p.skipChildren();
                            break;
                        }
                        try {
                            value = dataDecoder.decode(p);
                        } catch (ProtocolViolation e) {
                            // Matters only if the status, which may come later, is OK.
                            dataError = e;
                        }
                    }
                    case "message" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            message = p.getText();
                        } else if (v != JsonToken.VALUE_NULL) {
                            throw new ProtocolViolation("a result message is not a string");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!hasId) {
                throw new ProtocolViolation("a result has no id");
            }
            if (position < 0) {
                throw new ProtocolViolation("a result has an id that was not sent in this batch");
            }
            if (batch.seen(position)) {
                throw new ProtocolViolation("a result id appears more than once");
            }
            if (status == null) {
                throw new ProtocolViolation("a result has no status");
            }
            if (status == DecodedBatch.WireStatus.OK && !hasData) {
                throw new ProtocolViolation("an OK result has no data");
            }
            if (status == DecodedBatch.WireStatus.OK && dataError != null) {
                throw dataError;
            }
            batch.set(position, status, status == DecodedBatch.WireStatus.OK ? value : null, message);
        }
    }

    private static final DecodedBatch.WireStatus[] STATUSES = DecodedBatch.WireStatus.values();

    /** The status a value names, read from the parser's buffer without making a string of it. */
    private static DecodedBatch.WireStatus parseStatus(char[] text, int offset, int length) throws ProtocolViolation {
        for (DecodedBatch.WireStatus s : STATUSES) {
            String name = s.name();
            if (name.length() == length) {
                boolean same = true;
                for (int i = 0; i < length && same; i++) {
                    same = text[offset + i] == name.charAt(i);
                }
                if (same) {
                    return s;
                }
            }
        }
        throw new ProtocolViolation("a result has an unknown status");
    }

    /**
     * The position a canonical decimal id names, or -1 when it names none in a batch of {@code size}.
     * {@link TranslateAnswerScanner} applies the same rule to bytes; {@code TranslateAnswerScannerProperties}
     * holds the two to the same answers.
     */
    private static int parsePosition(char[] text, int offset, int n, int size) {
        if (n == 0 || n > 9 || (n > 1 && text[offset] == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = text[offset + i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < size ? v : -1;
    }
}
