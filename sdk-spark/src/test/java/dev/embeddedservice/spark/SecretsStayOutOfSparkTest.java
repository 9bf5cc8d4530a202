package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.spark.internal.ExecutorClients;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license key and the tokens appear in no log line, no event log, no exception and no plan
 * string, whether the key comes from the Spark configuration or from a file.
 */
class SecretsStayOutOfSparkTest {

    private static final String WRONG_KEY = "esvc-wrong-license-key-0000000000000000";
    private static EmbeddedServiceEmulator emulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.start();
    }

    @AfterAll
    static void stop() {
        ExecutorClients.closeAll();
        emulator.close();
    }

    @Test
    void neitherTheLicenseKeyNorATokenIsInLogsEventLogsExceptionsOrPlans() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("license.key"), Emulators.LICENSE_KEY + "\n");
        Path wrongKeyFile = Files.writeString(dir.resolve("wrong.key"), WRONG_KEY);
        Dataset<Row> rows = TestData.dataset(SharedSpark.session(), TestData.mixedRows(5_000, 5L), 4);
        List<String> seen = new ArrayList<>();

        Dataset<Row> fromConf = EmbeddedServiceSpark.translate(rows, "value", "type",
                Emulators.options(emulator).build());
        Dataset<Row> fromFile = EmbeddedServiceSpark.translate(rows, "value", "type",
                Emulators.options(emulator).licenseKeyFile(keyFile.toString()).build());
        assertThat(fromConf.filter("status = 'OK'").count()).isPositive();
        assertThat(fromFile.filter("status = 'OK'").count()).isPositive();
        seen.add(fromFile.queryExecution().toString());
        seen.add(fromConf.queryExecution().toString());
        seen.add(Emulators.options(emulator).licenseKeyFile(keyFile.toString()).build().toString());

        Throwable refused = catchThrowable(() -> EmbeddedServiceSpark.translate(rows, "value", IdentifierType.EMAIL,
                Emulators.options(emulator).licenseKeyFile(wrongKeyFile.toString()).build()));
        assertThat(refused).isNotNull();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            seen.add(t.toString());
        }
        seen.add(read(SharedSpark.DIR.resolve("test.log")));
        try (Stream<Path> logs = Files.walk(SharedSpark.EVENT_LOG)) {
            logs.filter(Files::isRegularFile).forEach(p -> seen.add(read(p)));
        }

        String all = String.join("\n", seen);
        String tokenHeader = emulator.issueToken().split("\\.")[0];
        assertThat(all).contains("embedded-service row answers");   // the materialized RDD did reach the event log
        assertThat(all).doesNotContain(Emulators.LICENSE_KEY).doesNotContain(WRONG_KEY).doesNotContain(tokenHeader);
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
