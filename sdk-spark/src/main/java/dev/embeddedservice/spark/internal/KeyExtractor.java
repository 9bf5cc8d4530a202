package dev.embeddedservice.spark.internal;

import dev.embeddedservice.NormalizedIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;

/**
 * The first stage, in each input partition: normalizes and hashes every row's identifier on the
 * executor and emits, for each valid one, a key: where the row is, its fingerprint and its wire
 * form, in one byte array. Only these keys are shuffled; the raw value stays in the partition.
 * Invalid rows emit nothing: they never reach the endpoint.
 *
 * <p>A key's bytes: position ({@link Positions}, 8), fingerprint of the raw row (8), wire type
 * (the ordinal, 1), wire value (UTF-8, the rest).
 */
final class KeyExtractor implements Function2<Integer, Iterator<Row>, Iterator<byte[]>> {

    private static final long serialVersionUID = 1L;
    private static final int TYPE = 16;
    private static final int VALUE = 17;

    private final RowIdentifiers identifiers;

    KeyExtractor(RowIdentifiers identifiers) {
        this.identifiers = identifiers;
    }

    @Override
    public Iterator<byte[]> call(Integer partition, Iterator<Row> rows) {
        return new Iterator<>() {
            private long index = -1;
            private byte[] next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    Row row = rows.next();
                    index++;
                    NormalizedIdentifier n = identifiers.normalize(row);
                    if (n.isValid()) {
                        next = key(Positions.of(partition, index), identifiers.fingerprint(row),
                                (byte) n.type().ordinal(), n.value());
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] k = next;
                next = null;
                return k;
            }
        };
    }

    static byte[] key(long position, long fingerprint, byte type, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[VALUE + v.length];
        ResultCodec.putLong(k, 0, position);
        ResultCodec.putLong(k, 8, fingerprint);
        k[TYPE] = type;
        System.arraycopy(v, 0, k, VALUE, v.length);
        return k;
    }

    static long position(byte[] key) {
        return ResultCodec.getLong(key, 0);
    }

    static long fingerprint(byte[] key) {
        return ResultCodec.getLong(key, 8);
    }

    static byte type(byte[] key) {
        return key[TYPE];
    }

    static String value(byte[] key) {
        return new String(key, VALUE, key.length - VALUE, StandardCharsets.UTF_8);
    }

    /** A hash of the wire form (type and value) alone: equal identifiers go to one partition wherever they are. */
    static int wireHash(byte[] key) {
        int h = 0;
        for (int i = TYPE; i < key.length; i++) {
            h = 31 * h + key[i];
        }
        // Murmur3's finalizer, so that nearby values spread over partitions.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
