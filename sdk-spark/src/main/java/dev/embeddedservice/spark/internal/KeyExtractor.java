package dev.embeddedservice.spark.internal;

import dev.embeddedservice.NormalizedIdentifier;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage, in each input partition: normalizes and hashes every row's identifier on the
 * executor and emits, for each valid one, its wire form and where the row is. Only these rows are
 * shuffled; the raw value stays in the partition. Invalid rows emit nothing: they never reach the
 * endpoint.
 */
public final class KeyExtractor implements Function2<Integer, Iterator<Row>, Iterator<Row>> {

    private static final long serialVersionUID = 1L;

    /** wire type (ordinal), wire value, position ({@link Positions}), fingerprint of the raw row. */
    public static final StructType SCHEMA = new StructType()
            .add("wire_type", DataTypes.ByteType, false)
            .add("wire_value", DataTypes.StringType, false)
            .add("position", DataTypes.LongType, false)
            .add("fingerprint", DataTypes.LongType, false);

    private final RowIdentifiers identifiers;

    public KeyExtractor(RowIdentifiers identifiers) {
        this.identifiers = identifiers;
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<Row> rows) {
        return new Iterator<>() {
            private long index = -1;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    Row row = rows.next();
                    index++;
                    NormalizedIdentifier n = identifiers.normalize(row);
                    if (n.isValid()) {
                        next = RowFactory.create((byte) n.type().ordinal(), n.value(),
                                Positions.of(partition, index), identifiers.fingerprint(row));
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }
}
