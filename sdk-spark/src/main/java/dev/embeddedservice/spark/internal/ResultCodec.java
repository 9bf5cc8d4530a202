package dev.embeddedservice.spark.internal;

import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The compact byte form of what the plan keeps and shuffles, readable by any Spark serializer at
 * the cost of a byte array: a translated distinct identifier (wire type and value, then its
 * answer) and an answer on its way back to a row (the row's fingerprint, then the answer). An
 * answer is a status, a translated id or null, and a reason or null.
 */
final class ResultCodec {

    private static final RecordStatus[] STATUSES = RecordStatus.values();

    private ResultCodec() {
    }

    /** A translated distinct identifier. */
    static byte[] translated(byte wireType, String wireValue, TranslateResult result) {
        byte[] value = utf8(wireValue);
        byte[] id = utf8(result.translatedId().orElse(null));
        byte[] reason = utf8(result.reason().orElse(null));
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + value.length + answerSize(id, reason));
        b.put(wireType);
        putString(b, value);
        putAnswer(b, (byte) result.status().ordinal(), id, reason);
        return b.array();
    }

    static byte wireType(byte[] translated) {
        return translated[0];
    }

    /** Whether the translated identifier is of this wire type and value. */
    static boolean isOf(byte[] translated, byte wireType, String wireValue) {
        if (translated[0] != wireType) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(translated, 1, translated.length - 1);
        return wireValue.equals(getString(b));
    }

    /** The answer of a translated identifier, prefixed with a row's fingerprint. */
    static byte[] answer(byte[] translated, long fingerprint) {
        ByteBuffer in = ByteBuffer.wrap(translated);
        in.get();
        int valueLength = in.getInt();
        int answerStart = 1 + 4 + valueLength;
        int answerLength = translated.length - answerStart;
        ByteBuffer b = ByteBuffer.allocate(8 + answerLength);
        b.putLong(fingerprint);
        b.put(translated, answerStart, answerLength);
        return b.array();
    }

    static long fingerprint(byte[] answer) {
        return ByteBuffer.wrap(answer).getLong();
    }

    /** The answer's status, translated id and reason, as the output row's three columns. */
    static Object[] columns(byte[] answer) {
        ByteBuffer b = ByteBuffer.wrap(answer, 8, answer.length - 8);
        RecordStatus status = STATUSES[b.get()];
        String id = getString(b);
        String reason = getString(b);
        return new Object[] {status.name(), id, reason};
    }

    private static int answerSize(byte[] id, byte[] reason) {
        return 1 + 4 + (id == null ? 0 : id.length) + 4 + (reason == null ? 0 : reason.length);
    }

    private static void putAnswer(ByteBuffer b, byte status, byte[] id, byte[] reason) {
        b.put(status);
        putString(b, id);
        putString(b, reason);
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
