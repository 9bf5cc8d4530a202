package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.embeddedservice.IdentifierType;
import java.nio.charset.StandardCharsets;

/**
 * A record's {@code data} as the batch engine keeps it: the JSON value itself, or — for hashed
 * identifiers, most records — a compact form of 33 bytes (a marker naming the wire type, then the
 * 32-byte digest) that the body writer expands into {@code {"type":"...","value":"<64 hex>"}}.
 * Either form compares and hashes as the record's identity: equal records have equal data. A
 * compact record starts with a byte below 0x08, which no JSON text starts with.
 */
final class RecordData {

    /** Bytes of a compact hashed record: the marker, then the digest. */
    static final int COMPACT_LENGTH = 33;

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

    /** The compact record of a hashed identifier: its wire type's marker and its 32-byte digest. */
    static byte[] hashed(IdentifierType type, byte[] digest) {
        byte[] out = new byte[COMPACT_LENGTH];
        out[0] = (byte) (1 + type.ordinal());
        System.arraycopy(digest, 0, out, 1, 32);
        return out;
    }

    private static boolean isCompact(byte[] data) {
        return data.length == COMPACT_LENGTH && data[0] >= 1 && data[0] <= HEADS.length;
    }

    /** Bytes the record takes as JSON in a body. */
    static int jsonLength(byte[] data) {
        return isCompact(data) ? HEADS[data[0] - 1].length + 64 + TAIL.length : data.length;
    }

    /** Writes the record as JSON into {@code out} at {@code at}; returns the position after it. */
    static int writeJson(byte[] data, byte[] out, int at) {
        if (!isCompact(data)) {
            System.arraycopy(data, 0, out, at, data.length);
            return at + data.length;
        }
        byte[] head = HEADS[data[0] - 1];
        System.arraycopy(head, 0, out, at, head.length);
        Sha256Hex.hexInto(data, 1, out, at + head.length);
        System.arraycopy(TAIL, 0, out, at + head.length + 64, TAIL.length);
        return at + head.length + 64 + TAIL.length;
    }

    /** The record as JSON. */
    static byte[] toJson(byte[] data) {
        if (!isCompact(data)) {
            return data;
        }
        byte[] out = new byte[jsonLength(data)];
        writeJson(data, out, 0);
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
