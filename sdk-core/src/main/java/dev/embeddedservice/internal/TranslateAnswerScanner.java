package dev.embeddedservice.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path for translate answers: a byte-level scan of the plain form a container writes,
 * {@code {"results":[{"id":"0","status":"OK","data":{"translatedId":"tk_..."}}, ...]}} (any JSON
 * white space between tokens, the four fields in any order, {@code data} and {@code message} may
 * be {@code null}), with no token, string or character object made along the way.
 *
 * <p>It accepts only what it can check completely: strings of printable ASCII without escapes,
 * no field other than the protocol's, none twice, a result that passes every check of
 * {@link ResponseDecoder}. On anything else it answers {@code false} and leaves the body to the
 * general (Jackson) path, which accepts or refuses it and words the violation. So for any body
 * this scan accepts, the general path gives the same answer: the scan is a shortcut, never a
 * second reading of the protocol.
 */
final class TranslateAnswerScanner {

    private static final byte[] RESULTS = bytes("results");
    private static final byte[] ID = bytes("id");
    private static final byte[] STATUS = bytes("status");
    private static final byte[] DATA = bytes("data");
    private static final byte[] MESSAGE = bytes("message");
    private static final byte[] TRANSLATED_ID = bytes("translatedId");
    private static final DecodedBatch.WireStatus[] STATUSES = DecodedBatch.WireStatus.values();
    private static final byte[][] STATUS_NAMES = new byte[STATUSES.length][];

    /** The bytes a string may hold on the fast path: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c <= 0x7E; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
        for (int i = 0; i < STATUSES.length; i++) {
            STATUS_NAMES[i] = bytes(STATUSES[i].name());
        }
    }

    private final byte[] b;
    /** The general path's longest string: a longer one is its to refuse. */
    private final int maxStringLength;
    /** Where the scan stands in the body. */
    private int at;
    /** The last string scanned: its first byte and its length. */
    private int textStart;
    private int textLength;

    private TranslateAnswerScanner(byte[] body, int maxStringLength) {
        this.b = body;
        this.maxStringLength = maxStringLength;
    }

    /**
     * Decodes {@code body} into {@code batch} (already reset to its record count) when it is in
     * the plain form and every result in it passes the checks; otherwise returns false, and the
     * batch holds a partial answer the caller must reset before decoding again.
     */
    static boolean scan(byte[] body, DecodedBatch<?> batch, int maxStringLength) {
        return new TranslateAnswerScanner(body, maxStringLength).scanBody(batch);
    }

    private boolean scanBody(DecodedBatch<?> batch) {
        if (!punct('{') || !string() || !textIs(RESULTS) || !punct(':') || !punct('[')) {
            return false;
        }
        skipSpace();
        if (at < b.length && b[at] == ']') {
            at++;
        } else {
            do {
                if (!result(batch)) {
                    return false;
                }
            } while (punct(','));
            if (!punct(']')) {
                return false;
            }
        }
        if (!punct('}')) {
            return false;
        }
        skipSpace();
        return at == b.length;
    }

    /** One result object, checked as {@link ResponseDecoder} checks it, and stored. */
    private boolean result(DecodedBatch<?> batch) {
        if (!punct('{')) {
            return false;
        }
        int position = -1;
        DecodedBatch.WireStatus status = null;
        byte[] translatedId = null;
        boolean hasData = false;
        String message = null;
        int fields = 0;
        do {
            if (!string() || !punct(':')) {
                return false;
            }
            int field = field();
            if (field == 0 || (fields & field) != 0) {
                return false; // a field the scan does not know, or one seen before
            }
            fields |= field;
            if (field == 1) {
                if (!string()) {
                    return false;
                }
                position = position(batch.size());
            } else if (field == 2) {
                if (!string() || (status = status()) == null) {
                    return false;
                }
            } else if (field == 4) {
                if (!nullIf()) {
                    if (!punct('{') || !string() || !textIs(TRANSLATED_ID) || !punct(':') || !string()
                            || textLength == 0 || !punct('}')) {
                        return false;
                    }
                    hasData = true;
                    translatedId = Arrays.copyOfRange(b, textStart, textStart + textLength);
                }
            } else {
                if (!nullIf()) {
                    if (!string()) {
                        return false;
                    }
                    message = new String(b, textStart, textLength, StandardCharsets.ISO_8859_1);
                }
            }
        } while (punct(','));
        if (!punct('}') || position < 0 || batch.seen(position) || status == null
                || (status == DecodedBatch.WireStatus.OK && !hasData)) {
            return false;
        }
        batch.set(position, status, status == DecodedBatch.WireStatus.OK ? translatedId : null, message);
        return true;
    }

    /** The field the last string names: 1 id, 2 status, 4 data, 8 message, 0 any other. */
    private int field() {
        return switch (textLength) {
            case 2 -> textIs(ID) ? 1 : 0;
            case 6 -> textIs(STATUS) ? 2 : 0;
            case 4 -> textIs(DATA) ? 4 : 0;
            case 7 -> textIs(MESSAGE) ? 8 : 0;
            default -> 0;
        };
    }

    /** The status the last string names, or null. */
    private DecodedBatch.WireStatus status() {
        for (int i = 0; i < STATUS_NAMES.length; i++) {
            if (textIs(STATUS_NAMES[i])) {
                return STATUSES[i];
            }
        }
        return null;
    }

    /** The position a canonical decimal id names (as {@link ResponseDecoder} reads it), or -1. */
    private int position(int size) {
        int n = textLength;
        if (n == 0 || n > 9 || (n > 1 && b[textStart] == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = textStart; i < textStart + n; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < size ? v : -1;
    }

    /**
     * A string of printable ASCII characters other than the quote and the backslash, after any
     * white space, no longer than the general path allows; its bytes are then at {@link #textStart}.
     * Anything else (an escape, a control character, a byte of a multi-byte character) is for the
     * general path.
     */
    private boolean string() {
        if (!punct('"')) {
            return false;
        }
        byte[] body = b;
        int start = at;
        int i = start;
        while (i < body.length && PLAIN[body[i] & 0xFF]) {
            i++;
        }
        if (i == body.length || body[i] != '"') {
            return false;
        }
        textStart = start;
        textLength = i - start;
        at = i + 1;
        return textLength <= maxStringLength;
    }

    /** Whether the last string is exactly {@code expected}. */
    private boolean textIs(byte[] expected) {
        if (textLength != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[textStart + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Consumes {@code null} after any white space, if it is there. */
    private boolean nullIf() {
        skipSpace();
        if (at + 4 <= b.length && b[at] == 'n' && b[at + 1] == 'u' && b[at + 2] == 'l' && b[at + 3] == 'l') {
            at += 4;
            return true;
        }
        return false;
    }

    /** Consumes {@code c} after any white space; false (consuming only the white space) when something else comes. */
    private boolean punct(char c) {
        skipSpace();
        if (at < b.length && b[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        byte[] body = b;
        int i = at;
        while (i < body.length) {
            byte c = body[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        at = i;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
