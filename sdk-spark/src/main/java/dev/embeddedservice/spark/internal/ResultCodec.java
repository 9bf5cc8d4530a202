package dev.embeddedservice.spark.internal;

import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The compact byte form of what the plan keeps and shuffles, readable by any Spark serializer at
 * the cost of a byte array: an answer (a status, a translated id or null, a reason or null); a row
 * answer, which is a row's position and fingerprint (8 bytes each, big-endian) followed by the
 * answer of its identifier; and a bundle of row answers, each after its length (4 bytes). The
 * big-endian reads and writes of the plan's byte arrays are here too.
 */
final class ResultCodec {

    private static final RecordStatus[] STATUSES = RecordStatus.values();
    private static final int ROW_HEADER = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

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

    static long position(byte[] rowAnswer) {
        return getLong(rowAnswer, 0);
    }

    static long fingerprint(byte[] rowAnswer) {
        return getLong(rowAnswer, 8);
    }

    /** Writes {@code value} big-endian at {@code at}. */
    static void putLong(byte[] to, int at, long value) {
        LONGS.set(to, at, value);
    }

    /** Reads a big-endian long at {@code at}. */
    static long getLong(byte[] from, int at) {
        return (long) LONGS.get(from, at);
    }

    /** Writes {@code value} big-endian at {@code at}. */
    static void putInt(byte[] to, int at, int value) {
        INTS.set(to, at, value);
    }

    /** Reads a big-endian int at {@code at}. */
    static int getInt(byte[] from, int at) {
        return (int) INTS.get(from, at);
    }

    /**
     * The row answers of {@code answers[i]} for the row at {@code positions[i]} with
     * {@code fingerprints[i]}, written straight into one array, each after its length: what the
     * translating pass keeps, a chunk at a time.
     */
    static byte[] bundle(long[] positions, long[] fingerprints, byte[][] answers) {
        int size = 0;
        for (byte[] a : answers) {
            size += 4 + ROW_HEADER + a.length;
        }
        byte[] bundle = new byte[size];
        int at = 0;
        for (int i = 0; i < answers.length; i++) {
            putInt(bundle, at, ROW_HEADER + answers[i].length);
            putLong(bundle, at + 4, positions[i]);
            putLong(bundle, at + 12, fingerprints[i]);
            System.arraycopy(answers[i], 0, bundle, at + 4 + ROW_HEADER, answers[i].length);
            at += 4 + ROW_HEADER + answers[i].length;
        }
        return bundle;
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
