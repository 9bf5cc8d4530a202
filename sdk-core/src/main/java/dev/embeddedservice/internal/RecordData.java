package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.embeddedservice.IdentifierType;
import java.nio.charset.StandardCharsets;

/** Encodes the {@code data} object of a translate record: {@code {"type":"...","value":"..."}}. */
final class RecordData {

    private static final byte[][] HEADS = new byte[IdentifierType.values().length][];
    private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    static {
        for (IdentifierType t : IdentifierType.values()) {
            HEADS[t.ordinal()] = ("{\"type\":\"" + t.name() + "\",\"value\":\"").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private RecordData() {
    }

    public static byte[] translate(IdentifierType type, String value) {
        byte[] head = HEADS[type.ordinal()];
        byte[] v = plainAscii(value) ? value.getBytes(StandardCharsets.ISO_8859_1)
                : JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] out = new byte[head.length + v.length + TAIL.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(v, 0, out, head.length, v.length);
        System.arraycopy(TAIL, 0, out, head.length + v.length, TAIL.length);
        return out;
    }

    /** The record of a hashed identifier, its digest written as hex straight into the record. */
    public static byte[] hashed(IdentifierType type, byte[] digest) {
        byte[] head = HEADS[type.ordinal()];
        byte[] out = new byte[head.length + 64 + TAIL.length];
        System.arraycopy(head, 0, out, 0, head.length);
        Sha256Hex.hexInto(digest, out, head.length);
        System.arraycopy(TAIL, 0, out, head.length + 64, TAIL.length);
        return out;
    }

    /** Printable ASCII without the two characters JSON strings escape. */
    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
