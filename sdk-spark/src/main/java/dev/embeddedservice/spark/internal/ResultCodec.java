package dev.embeddedservice.spark.internal;

import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The compact byte form of what the plan keeps and shuffles, readable by any Spark serializer at
 * the cost of a byte array: an answer (a status, a translated id or null, a reason or null), and a
 * row answer, which is a row's position and fingerprint followed by the answer of its identifier;
 * and a bundle of row answers.
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
        return getLong(rowAnswer, 0);
    }

    static long fingerprint(byte[] rowAnswer) {
        return getLong(rowAnswer, 8);
    }

    /** Writes {@code value} big-endian at {@code at}. */
    static void putLong(byte[] to, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            to[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    /** Reads a big-endian long at {@code at}. */
    static long getLong(byte[] from, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (from[at + i] & 0xff);
        }
        return v;
    }

    /** Row answers in one array, each after its length: what the translating pass keeps, a chunk at a time. */
    static byte[] bundle(List<byte[]> rowAnswers) {
        int size = 0;
        for (byte[] a : rowAnswers) {
            size += 4 + a.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] a : rowAnswers) {
            b.putInt(a.length);
            b.put(a);
        }
        return b.array();
    }

    /** The row answers of a {@link #bundle}, in order. */
    static Iterator<byte[]> rowAnswers(byte[] bundle) {
        ByteBuffer b = ByteBuffer.wrap(bundle);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return b.hasRemaining();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] a = new byte[b.getInt()];
                b.get(a);
                return a;
            }
        };
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
