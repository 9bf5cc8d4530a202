package dev.embeddedservice.spark.internal;

import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The compact byte form of what the plan keeps and shuffles, readable by any Spark serializer at
 * the cost of a byte array: an answer (a status, a translated id or null, a reason or null), and a
 * row answer, which is a row's position and fingerprint followed by the answer of its identifier.
 */
final class ResultCodec {

    private static final RecordStatus[] STATUSES = RecordStatus.values();
    private static final int ROW_HEADER = 16;

    private ResultCodec() {
    }

    /** The answer of a translated distinct identifier: status, translated id, reason. */
    static byte[] answer(TranslateResult result) {
        byte[] id = utf8(result.translatedId().orElse(null));
        byte[] reason = utf8(result.reason().orElse(null));
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + length(id) + 4 + length(reason));
        b.put((byte) result.status().ordinal());
        putString(b, id);
        putString(b, reason);
        return b.array();
    }

    /** The answer for the row at {@code position} whose raw type and value have {@code fingerprint}. */
    static byte[] rowAnswer(long position, long fingerprint, byte[] answer) {
        ByteBuffer b = ByteBuffer.allocate(ROW_HEADER + answer.length);
        b.putLong(position);
        b.putLong(fingerprint);
        b.put(answer);
        return b.array();
    }

    static long position(byte[] rowAnswer) {
        return ByteBuffer.wrap(rowAnswer).getLong(0);
    }

    static long fingerprint(byte[] rowAnswer) {
        return ByteBuffer.wrap(rowAnswer).getLong(8);
    }

    /** The row answer's status, translated id and reason, as the output row's three columns. */
    static Object[] columns(byte[] rowAnswer) {
        ByteBuffer b = ByteBuffer.wrap(rowAnswer, ROW_HEADER, rowAnswer.length - ROW_HEADER);
        RecordStatus status = STATUSES[b.get()];
        String id = getString(b);
        String reason = getString(b);
        return new Object[] {status.name(), id, reason};
    }

    private static int length(byte[] s) {
        return s == null ? 0 : s.length;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putInt(-1);
        } else {
            b.putInt(s.length);
            b.put(s);
        }
    }

    private static String getString(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
