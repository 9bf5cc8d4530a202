package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What translate checks before it runs anything, and an input with no partition at all. */
class InputChecksTest {

    private static final SparkTranslateOptions OPTIONS = SparkTranslateOptions.builder()
            .activationUrl("http://127.0.0.1:9").productCode("prod-4x2kq7").build();
    private static SparkSession spark;

    @BeforeAll
    static void spark() {
        spark = SharedSpark.session();
    }

    @Test
    void anEmptyInputGivesAnEmptyResultWithTheAddedColumns() {
        Dataset<Row> empty = spark.createDataFrame(List.of(), TestData.SCHEMA);

        Dataset<Row> translated = EmbeddedServiceSpark.translate(empty, "value", IdentifierType.EMAIL, OPTIONS);

        assertThat(translated.count()).isZero();
        assertThat(translated.columns()).containsExactly("id", "type", "value", "status", "translated_id", "reason");
    }

    @Test
    void aMissingOrNonStringColumnOrAClashingNameIsRefusedBeforeAnythingRuns() {
        Dataset<Row> rows = TestData.dataset(spark, TestData.mixedRows(10, 1L), 1);

        assertThatThrownBy(() -> EmbeddedServiceSpark.translate(rows, "email", IdentifierType.EMAIL, OPTIONS))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'email' is not a column");
        assertThatThrownBy(() -> EmbeddedServiceSpark.translate(rows, "id", IdentifierType.EMAIL, OPTIONS))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("must be a string column");
        assertThatThrownBy(() -> EmbeddedServiceSpark.translate(rows.withColumnRenamed("type", "status"), "value",
                IdentifierType.EMAIL, OPTIONS))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("columns(...)");
    }
}
