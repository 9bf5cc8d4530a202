package dev.embeddedservice.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Seeded input tables: an id, a type name and a value per row. */
final class TestData {

    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("type", DataTypes.StringType, true)
            .add("value", DataTypes.StringType, true);

    private TestData() {
    }

    /**
     * Emails with case and space variants, US phones in local formats, MAIDs in either case, invalid
     * values of each type and rows without a value, and about 10% duplicates of earlier rows, which
     * {@code partitions} slices spread over every partition.
     */
    static List<Row> mixedRows(int count, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            String type;
            String value;
            if (kind < 10 && !rows.isEmpty()) {
                Row earlier = rows.get(random.nextInt(rows.size()));
                type = earlier.getString(1);
                value = variant(earlier.getString(2), random);
            } else if (kind < 50) {
                type = "email";
                value = (random.nextBoolean() ? "  " : "") + "User." + random.nextInt(1_000_000) + "@Example"
                        + random.nextInt(50) + ".com" + (random.nextBoolean() ? " " : "");
            } else if (kind < 70) {
                type = random.nextBoolean() ? "phone" : "PHONE";
                String[] formats = {"(202) %d-%d", "202-%d-%d", "+1 202 %d %d", "1 202 %d%d"};
                value = String.format(Locale.ROOT, formats[random.nextInt(formats.length)], 200 + random.nextInt(700),
                        1000 + random.nextInt(9000));
            } else if (kind < 92) {
                type = "maid";
                String maid = new UUID(random.nextLong(), random.nextLong()).toString();
                value = random.nextBoolean() ? maid.toUpperCase(Locale.ROOT) : maid;
            } else {
                String[] invalid = {"not-an-email", "alice@", "12", "555-01", "6d92078a-zzzz", "", "   "};
                String[] types = {"email", "phone", "maid", "fax"};
                type = random.nextInt(20) == 0 ? null : types[random.nextInt(types.length)];
                value = random.nextInt(20) == 0 ? null : invalid[random.nextInt(invalid.length)];
            }
            rows.add(RowFactory.create((long) i, type, value));
        }
        return rows;
    }

    /** The same identifier as written again: emails in another case or with spaces. */
    private static String variant(String value, Random random) {
        if (value == null || !value.contains("@")) {
            return value;
        }
        return random.nextBoolean() ? " " + value.toLowerCase(Locale.ROOT) : value.toUpperCase(Locale.ROOT) + "  ";
    }

    static Dataset<Row> dataset(SparkSession spark, List<Row> rows, int partitions) {
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                SCHEMA);
    }
}
