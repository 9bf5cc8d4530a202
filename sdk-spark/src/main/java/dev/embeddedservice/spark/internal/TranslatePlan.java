package dev.embeddedservice.spark.internal;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.SparkTranslateOptions;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Builds and runs the translation of a Dataset's identifier column (see docs/spark.md):
 * <ol>
 *   <li>each input partition normalizes and hashes its rows on the executor and emits a key (wire
 *       form, position, fingerprint) for each valid one ({@link KeyExtractor});</li>
 *   <li>one shuffle sends each key to a partition chosen by its wire form, so equal identifiers from
 *       anywhere in the input meet in one partition ({@link KeyPartitioner});</li>
 *   <li>each of these partitions streams its keys through the executor's client, whose whole-stream
 *       de-duplication sends each distinct wire form once, and turns each answer into a row answer,
 *       bundled by chunks ({@link KeyTranslator}); the bundles are materialized at once, before
 *       {@code translate} returns, so no later action calls the endpoint again;</li>
 *   <li>the row answers travel back to the partitions of their rows ({@link PositionPartitioner});</li>
 *   <li>each input partition places its answers by row index, then walks its rows and appends the
 *       columns ({@link ResultAttacher}).</li>
 * </ol>
 * Only keys and answers are shuffled, as byte arrays ({@link ByteShuffle}); raw values stay in their
 * input partition. Nothing is sorted.
 */
public final class TranslatePlan {

    private TranslatePlan() {
    }

    /**
     * @param fixedType  the type of every row, or null when {@code typeColumn} names each row's type
     * @param typeColumn the column of type names, or null
     */
    public static Dataset<Row> translate(Dataset<Row> input, String column, IdentifierType fixedType,
                                         String typeColumn, SparkTranslateOptions options) {
        SparkSession spark = input.sparkSession();
        StructType schema = input.schema();
        int valueIndex = stringColumn(schema, column, "column");
        int typeIndex = typeColumn == null ? -1 : stringColumn(schema, typeColumn, "typeColumn");
        for (String added : new String[] {options.statusColumn(), options.translatedIdColumn(), options.reasonColumn()}) {
            if (Arrays.asList(schema.fieldNames()).contains(added)) {
                throw new InvalidConfigurationException("the input already has a column named '" + added
                        + "': name the added columns with SparkTranslateOptions.Builder.columns(...)");
            }
        }
        SpeculationGuard.check(spark.sparkContext().conf().getBoolean("spark.speculation", false), options);

        RowIdentifiers identifiers = new RowIdentifiers(valueIndex, typeIndex, fixedType, options.defaultPhoneRegion());
        JavaRDD<Row> rows = input.toJavaRDD();
        int inputPartitions = rows.getNumPartitions();
        StructType outSchema = schema
                .add(options.statusColumn(), DataTypes.StringType, false)
                .add(options.translatedIdColumn(), DataTypes.StringType, true)
                .add(options.reasonColumn(), DataTypes.StringType, true);
        if (inputPartitions == 0) {
            return spark.createDataFrame(rows, outSchema);   // no partition, so no row
        }
        int groups = options.translationPartitions() != null ? options.translationPartitions()
                : Math.max(1, inputPartitions);

        JavaRDD<byte[]> keys = ByteShuffle.shuffle(rows.mapPartitionsWithIndex(new KeyExtractor(identifiers), true),
                new KeyPartitioner(groups));
        JavaRDD<byte[]> answered = keys.mapPartitions(new TranslatePartition(options));
        Materializer.apply(answered, options.materialization());

        JavaRDD<byte[]> answers = ByteShuffle.shuffle(answered.flatMap(ResultCodec::rowAnswers),
                new PositionPartitioner(inputPartitions));
        JavaRDD<Row> out = rows.zipPartitions(answers, new ResultAttacher(identifiers));
        return spark.createDataFrame(out, outSchema);
    }

    private static int stringColumn(StructType schema, String name, String setting) {
        if (name == null) {
            throw new InvalidConfigurationException(setting + " must not be null");
        }
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new InvalidConfigurationException(setting + " '" + name + "' is not a column of the input; it has "
                    + String.join(", ", schema.fieldNames()));
        }
        StructField field = schema.apply(name);
        if (!field.dataType().equals(DataTypes.StringType)) {
            throw new InvalidConfigurationException(setting + " '" + name + "' must be a string column, is "
                    + field.dataType().simpleString());
        }
        return schema.fieldIndex(name);
    }

    /** The translating stage's function: one {@link KeyTranslator} per partition of keys. */
    private static final class TranslatePartition implements FlatMapFunction<Iterator<byte[]>, byte[]> {

        private static final long serialVersionUID = 1L;
        private final SparkTranslateOptions options;

        TranslatePartition(SparkTranslateOptions options) {
            this.options = options;
        }

        @Override
        public Iterator<byte[]> call(Iterator<byte[]> keys) {
            TaskContext task = TaskContext.get();
            String name = "esvc-spark-translate-" + (task == null ? "driver"
                    : task.stageId() + "." + task.partitionId() + "." + task.attemptNumber());
            KeyTranslator translator = new KeyTranslator(keys, ExecutorClients.get(options),
                    options.targetNamespace(), name);
            if (task != null) {
                TaskCompletionListener close = context -> translator.close();
                task.addTaskCompletionListener(close);
            }
            return translator;
        }
    }
}
