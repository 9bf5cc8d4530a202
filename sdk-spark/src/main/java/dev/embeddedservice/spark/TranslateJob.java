package dev.embeddedservice.spark;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.internal.EmulatorClientFactory;
import dev.embeddedservice.spark.internal.JobArguments;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code esvc translate} as a Spark job: reads identifiers, translates them with
 * {@link EmbeddedServiceSpark#translate} and writes CSV part files with the header
 * {@code row,type,status,translated_id} ({@code row}: the 1-based place among the input's
 * identifiers; {@code type}: the wire type), in input order.
 *
 * <pre>
 * spark-submit --class dev.embeddedservice.spark.TranslateJob --files /secure/license.key app.jar \
 *     --input s3://acme/emails.txt --output s3://acme/translated/ --type email \
 *     --activation-url https://activation.partner.example --product-code prod-4x2kq7 \
 *     --license-key-file license.key --region us-east-1 --endpoint-name esvc-identity-prod
 * </pre>
 *
 * Without {@code --activation-url} (or {@value ActivationConfig#ENV_ACTIVATION_URL}) it starts the
 * testkit emulator in the driver and runs on it (with a local master). Exit codes as {@code esvc}:
 * 0 every row has a result, 1 some rows are {@code FAILED} or the run failed, 2 bad usage or input.
 */
public final class TranslateJob {

    private TranslateJob() {
    }

    public static void main(String[] args) {
        System.exit(run(System.err, args));
    }

    /** Runs the job and returns its exit code; uses the active SparkSession when there is one. */
    public static int run(PrintStream err, String... args) {
        JobArguments a;
        try {
            a = JobArguments.parse(args);
        } catch (InvalidConfigurationException e) {
            err.println("TranslateJob: " + e.getMessage());
            err.println(JobArguments.USAGE);
            return 2;
        }
        if (a.format().equals("text") && !Files.isReadable(Path.of(a.input())) && !a.input().contains("://")) {
            err.println("TranslateJob: cannot read input file " + a.input());
            return 2;
        }
        String url = a.activationUrl() != null ? a.activationUrl() : System.getenv(ActivationConfig.ENV_ACTIVATION_URL);
        EmbeddedServiceEmulator emulator = null;
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = null;
        try {
            SparkTranslateOptions.Builder options = SparkTranslateOptions.builder()
                    .targetNamespace(a.targetNamespace());
            if (url == null || url.isBlank()) {
                emulator = EmbeddedServiceEmulator.builder().licenseKey(null).start();
                err.println("TranslateJob: no --activation-url given: running on the embedded emulator at "
                        + emulator.endpointUrl() + " (no AWS account needed)");
                options.activationUrl(emulator.activationUrl()).productCode(emulator.productCode())
                        .endpointUrl(emulator.endpointUrl()).region(emulator.region())
                        .endpointName(emulator.endpointName()).clientFactory(new EmulatorClientFactory());
            } else {
                options.activationUrl(url).productCode(a.productCode());
                if (a.licenseKeyFile() != null) {
                    Path key = Path.of(a.licenseKeyFile());
                    options.licenseKeyFile(Files.isRegularFile(key) ? key.toAbsolutePath().toString() : a.licenseKeyFile());
                }
                if (a.endpointUrl() != null) {
                    options.endpointUrl(a.endpointUrl());
                }
                if (a.region() != null) {
                    options.region(a.region());
                }
                if (a.endpointName() != null) {
                    options.endpointName(a.endpointName());
                }
            }
            if (a.concurrency() != null) {
                options.maxConcurrency(a.concurrency());
            }
            spark = SparkSession.builder().appName("embedded-service TranslateJob").master(a.master())
                    .config("spark.log.level", "WARN").getOrCreate();
            long started = System.nanoTime();
            Dataset<Row> input = numbered(spark, a);
            boolean mixed = Arrays.asList(input.schema().fieldNames()).contains("type");
            Dataset<Row> translated = mixed
                    ? EmbeddedServiceSpark.translate(input, "value", "type", options.build())
                    : EmbeddedServiceSpark.translate(input, "value", a.type(), options.build());
            List<Column> columns = new ArrayList<>(List.of(functions.col("row"),
                    (mixed ? wireTypeOf(functions.col("type")) : functions.lit(a.type().wireType().name())).as("type"),
                    functions.col("status"), functions.col("translated_id")));
            if (a.reasons()) {
                columns.add(functions.col("reason"));
            }
            Dataset<Row> out = translated.select(columns.toArray(new Column[0]));
            out.write().option("header", "true").csv(a.output());
            Map<String, Long> counts = new TreeMap<>();
            for (Row r : out.groupBy("status").count().collectAsList()) {
                counts.put(r.getString(0), r.getLong(1));
            }
            long rows = counts.values().stream().mapToLong(Long::longValue).sum();
            long failed = counts.getOrDefault("FAILED", 0L);
            err.printf(Locale.ROOT, "TranslateJob: translated %,d rows into %s: %,d OK, %,d NOT_FOUND, %,d INVALID, "
                            + "%,d FAILED; %.1f s. Results in %s.%n", rows, a.targetNamespace(),
                    counts.getOrDefault("OK", 0L), counts.getOrDefault("NOT_FOUND", 0L),
                    counts.getOrDefault("INVALID", 0L), failed, (System.nanoTime() - started) / 1e9, a.output());
            if (failed > 0) {
                err.println("TranslateJob: " + failed + " rows could not be answered (status FAILED); translate them "
                        + "again later");
                return 1;
            }
            return 0;
        } catch (InvalidConfigurationException e) {
            err.println("TranslateJob: " + e.getMessage());
            return 2;
        } catch (EmbeddedServiceException e) {
            err.println("TranslateJob: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("TranslateJob: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("")));
            return e.getClass().getSimpleName().equals("AnalysisException") ? 2 : 1;
        } finally {
            if (ownSession && spark != null) {
                spark.stop();
            }
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    /** The input's identifiers as (row, value[, type]), {@code row} counting identifiers from 1. */
    private static Dataset<Row> numbered(SparkSession spark, JobArguments a) {
        Dataset<Row> raw = switch (a.format()) {
            case "csv" -> spark.read().option("header", "true").csv(a.input());
            case "parquet" -> spark.read().parquet(a.input());
            default -> spark.read().text(a.input());
        };
        List<String> names = Arrays.asList(raw.schema().fieldNames());
        String value = names.contains("value") ? "value" : names.size() == 1 ? names.get(0) : null;
        if (value == null) {
            throw new InvalidConfigurationException("--input needs a column 'value' (and optionally 'type'), or a "
                    + "single column; it has " + String.join(", ", names));
        }
        boolean mixed = !a.format().equals("text") && names.contains("type");
        Dataset<Row> selected = mixed ? raw.select(functions.col(value).cast("string").as("value"),
                functions.col("type").cast("string").as("type"))
                : raw.select(functions.col(value).cast("string").as("value"));
        JavaRDD<Row> identifiers = selected.toJavaRDD()
                .filter(r -> !r.isNullAt(0) && !r.getString(0).isBlank() || r.length() > 1);
        JavaRDD<Row> numbered = identifiers.zipWithIndex().map(t -> mixed
                ? RowFactory.create(t._2() + 1, t._1().getString(0), t._1().getString(1))
                : RowFactory.create(t._2() + 1, t._1().getString(0)));
        StructType schema = new StructType().add("row", DataTypes.LongType, false).add("value", DataTypes.StringType);
        return spark.createDataFrame(numbered, mixed ? schema.add("type", DataTypes.StringType) : schema);
    }

    /** The wire type of a column of type names ({@code email} travels as {@code EMAIL_SHA256}); null if unknown. */
    private static Column wireTypeOf(Column typeName) {
        Column name = functions.upper(functions.trim(typeName));
        Column wire = null;
        for (IdentifierType t : IdentifierType.values()) {
            wire = wire == null ? functions.when(name.equalTo(t.name()), t.wireType().name())
                    : wire.when(name.equalTo(t.name()), t.wireType().name());
        }
        return wire;
    }
}
