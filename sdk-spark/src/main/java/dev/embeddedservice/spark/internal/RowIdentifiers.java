package dev.embeddedservice.spark.internal;

import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierNormalizer;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.NormalizedIdentifier;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;

/**
 * Reads the identifier of an input row: its value column, and its type (one type for every row, or
 * a column of type names such as {@code email}), and normalizes it with the SDK's normalizer, on
 * the executor. Serializable: it is the part of the plan every stage that reads input rows ships.
 */
public final class RowIdentifiers implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, IdentifierNormalizer> NORMALIZERS = new ConcurrentHashMap<>();

    private final int valueIndex;
    private final int typeIndex;
    private final IdentifierType fixedType;
    private final String phoneRegion;
    private transient IdentifierNormalizer normalizer;
    private transient Map<String, IdentifierType> typeNames;

    /**
     * @param typeIndex the column of type names, or -1 when every row is of {@code fixedType}
     */
    public RowIdentifiers(int valueIndex, int typeIndex, IdentifierType fixedType, String phoneRegion) {
        this.valueIndex = valueIndex;
        this.typeIndex = typeIndex;
        this.fixedType = fixedType;
        this.phoneRegion = phoneRegion;
    }

    /** The row's wire form, or why it has none (no value, an unknown type, a value that does not normalize). */
    public NormalizedIdentifier normalize(Row row) {
        IdentifierType type = typeOf(row);
        if (type == null) {
            return NormalizedIdentifier.invalid(IdentifierType.CUSTOM, row.isNullAt(typeIndex)
                    ? "no identifier type" : "unknown identifier type");
        }
        if (row.isNullAt(valueIndex)) {
            return NormalizedIdentifier.invalid(type, "no value");
        }
        if (normalizer == null) {
            normalizer = NORMALIZERS.computeIfAbsent(phoneRegion, IdentifierNormalizer::create);
        }
        return normalizer.normalize(Identifier.of(type, row.getString(valueIndex)));
    }

    /** The row's type, or null when its type column holds no known type name. */
    public IdentifierType typeOf(Row row) {
        if (typeIndex < 0) {
            return fixedType;
        }
        if (row.isNullAt(typeIndex)) {
            return null;
        }
        String name = row.getString(typeIndex);
        if (typeNames == null) {
            typeNames = new HashMap<>();
        }
        IdentifierType type = typeNames.get(name);
        if (type == null && !typeNames.containsKey(name)) {
            try {
                type = IdentifierType.fromName(name);
            } catch (InvalidConfigurationException e) {
                type = null;
            }
            if (typeNames.size() < 1024) {
                typeNames.put(name, type);
            }
        }
        return type;
    }

    /**
     * A 64-bit fingerprint of the row's type and value as given, to check that a recomputed input
     * partition still holds the same row at the same place before a result is attached to it.
     */
    public long fingerprint(Row row) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, typeIndex < 0 ? fixedType.ordinal() : row.isNullAt(typeIndex) ? -1 : row.getString(typeIndex).hashCode());
        String value = row.isNullAt(valueIndex) ? "" : row.getString(valueIndex);
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        return fmix(h ^ value.length());
    }

    private static long mix(long h, int v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
