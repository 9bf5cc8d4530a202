package dev.embeddedservice.spark;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.internal.TranslatePlan;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The embedded service as a Spark transformation: translates a column of identifiers of a
 * {@code Dataset<Row>} of any size, billing each distinct identifier once per call.
 *
 * <pre>{@code
 * Dataset<Row> users = spark.read().parquet("s3://acme/users/");
 * Dataset<Row> translated = EmbeddedServiceSpark.translate(users, "email", IdentifierType.EMAIL,
 *         SparkTranslateOptions.builder()
 *                 .activationUrl("https://activation.partner.example")
 *                 .productCode("prod-4x2kq7")
 *                 .targetNamespace("acme-media")
 *                 .build());
 * translated.filter("status = 'OK'").select("user_id", "translated_id").write().parquet("s3://acme/ids/");
 * }</pre>
 *
 * From Scala: {@code EmbeddedServiceSpark.translate(users, "email", IdentifierType.EMAIL, options)}.
 *
 * <h2>What it returns</h2>
 * Every input row, once, with three columns added (names configurable with
 * {@link SparkTranslateOptions.Builder#columns}): {@code status} ({@code OK}, {@code NOT_FOUND},
 * {@code INVALID} or {@code FAILED}), {@code translated_id} (set exactly when {@code OK}) and
 * {@code reason} (why a row is {@code INVALID} or {@code FAILED}; never the identifier). Rows keep
 * their partitions and their order within them. A row whose identifier is null or does not
 * normalize is {@code INVALID} and never sent.
 *
 * <h2>How it runs and what it bills</h2>
 * Identifiers are normalized and hashed on the executors, in their partitions, with the SDK's
 * {@link dev.embeddedservice.IdentifierNormalizer}; only hashes (wire forms) are shuffled, never
 * raw values. Equal identifiers from the whole input meet in one place and are sent once. The
 * translation runs <b>when this method is called</b> (like {@code Dataset.checkpoint()}) and its
 * result is kept ({@link Materialization}), so {@code count()},
 * {@code collect()} or {@code write} on the returned Dataset, however often, do not call the
 * endpoint again. Each executor builds one client from the options, activates once per token
 * lifetime and keeps at most {@code maxConcurrency} invocations in flight. A task that fails is run
 * again by Spark and the result stays complete and exact; the records the failed attempt had sent
 * are billed again. See {@code docs/spark.md}.
 *
 * <p>{@code spark.speculation=true} is refused unless
 * {@link SparkTranslateOptions.Builder#allowSpeculation(boolean)} accepts that speculative copies
 * bill again.
 */
public final class EmbeddedServiceSpark {

    private EmbeddedServiceSpark() {
    }

    /**
     * Translates {@code column}, every row of which holds an identifier of {@code type}.
     *
     * @param input   the rows; {@code column} must be a string column
     * @param column  the identifiers
     * @param type    their type, such as {@link IdentifierType#EMAIL} (raw emails, hashed here)
     * @param options where and how to translate
     * @return the input's rows with {@code status}, {@code translated_id} and {@code reason} added
     * @throws InvalidConfigurationException for a missing or non-string column, a clash of column
     *                                       names, or speculation not allowed
     */
    public static Dataset<Row> translate(Dataset<Row> input, String column, IdentifierType type,
                                         SparkTranslateOptions options) {
        return TranslatePlan.translate(Objects.requireNonNull(input, "input"), column,
                Objects.requireNonNull(type, "type"), null, Objects.requireNonNull(options, "options"));
    }

    /**
     * Translates {@code column} of mixed input: each row's type is named in {@code typeColumn}
     * ({@code email}, {@code phone}, {@code maid}, {@code email_sha256}, {@code phone_sha256},
     * {@code custom}, in any case). A row with an unknown or null type is {@code INVALID}.
     *
     * <pre>{@code
     * Dataset<Row> translated = EmbeddedServiceSpark.translate(identifiers, "value", "type", options);
     * }</pre>
     */
    public static Dataset<Row> translate(Dataset<Row> input, String column, String typeColumn,
                                         SparkTranslateOptions options) {
        return TranslatePlan.translate(Objects.requireNonNull(input, "input"), column, null,
                Objects.requireNonNull(typeColumn, "typeColumn"), Objects.requireNonNull(options, "options"));
    }
}
