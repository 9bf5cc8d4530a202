package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, points 9, 10 and 11 through {@code esvc}: the license key from a file or the environment,
 * a warning for one on the command line; configuration errors exit 2 naming the flag; memory running out
 * is one line; stack traces only with {@code --verbose}; {@code --reasons} and FAILED counted by reason.
 */
class EsvcFlagsTest {

    @TempDir
    Path dir;

    private final EsvcHarness esvc = new EsvcHarness();

    @AfterEach
    void close() {
        esvc.close();
    }

    private Path emails(int count) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("person" + i + "@example.com");
        }
        return Files.write(dir.resolve("in.txt"), lines);
    }

    @Test
    void aLicenseKeyFileActivatesWithoutAWarning() throws Exception {
        esvc.startService(dir);
        Path output = dir.resolve("out.csv");

        assertThat(esvc.runOnService("translate", "--input", emails(3).toString(), "--output", output.toString()))
                .as(esvc.err.toString()).isZero();

        assertThat(esvc.err.toString()).doesNotContain("warning");
        assertThat(Files.readAllLines(output).get(1)).isEqualTo(ProtocolReference.emailRow(1, "default",
                "person0@example.com"));
    }

    @Test
    void aLicenseKeyOnTheCommandLineStillWorksButWarnsInOneLine() throws Exception {
        EmbeddedServiceEmulator emulator = esvc.startService(dir);
        List<String> args = new ArrayList<>(List.of("translate", "--input", emails(3).toString(), "--output",
                dir.resolve("out.csv").toString()));
        args.addAll(esvc.serviceArgs());
        int file = args.indexOf("--license-key-file");
        args.set(file, "--license-key");
        args.set(file + 1, emulator.licenseKey());

        assertThat(esvc.run(args.toArray(String[]::new))).as(esvc.err.toString()).isZero();

        assertThat(esvc.err.toString().lines().filter(l -> l.contains("warning")).toList()).containsExactly(
                "esvc: warning: --license-key is visible to every user of this machine in the process list; "
                        + "use --license-key-file FILE or EMBEDDED_SERVICE_LICENSE_KEY instead");
        assertThat(esvc.err.toString()).doesNotContain(emulator.licenseKey());
    }

    @Test
    void theLicenseKeyFromTheEnvironmentActivatesAProcess() throws Exception {
        EmbeddedServiceEmulator emulator = esvc.startService(dir);
        Path output = dir.resolve("out.csv");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Esvc.class.getName(), "translate", "--input", emails(2).toString(), "--output", output.toString(),
                "--endpoint-url", emulator.endpointUrl(), "--region", emulator.region(),
                "--endpoint-name", emulator.endpointName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.put("EMBEDDED_SERVICE_ACTIVATION_URL", emulator.activationUrl());
        env.put("EMBEDDED_SERVICE_PRODUCT_CODE", emulator.productCode());
        env.put("EMBEDDED_SERVICE_LICENSE_KEY", emulator.licenseKey());
        env.put("AWS_ACCESS_KEY_ID", emulator.awsAccessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", emulator.awsSecretAccessKey());
        Process process = pb.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
        } finally {
            process.destroyForcibly();
        }
        assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("warning");
        assertThat(Files.readAllLines(output)).containsExactly(ResultRows.HEADER,
                ProtocolReference.emailRow(1, "default", "person0@example.com"),
                ProtocolReference.emailRow(2, "default", "person1@example.com"));
    }

    @Test
    void helpListsTheKeyFileTheExitCodesAndTheEnvironment() {
        assertThat(esvc.run("translate", "--help")).isZero();
        assertThat(esvc.out.toString()).contains("--license-key-file=FILE", "--input=FILE", "--reasons",
                "Exit codes:", "  0 ", "  1 ", "  2 ", "Environment variables:", "EMBEDDED_SERVICE_LICENSE_KEY",
                "EMBEDDED_SERVICE_ACTIVATION_URL", "EMBEDDED_SERVICE_PRODUCT_CODE", "before anything is sent");
    }

    @Test
    void bothKeyFlagsAtOnceAreAUsageError() throws Exception {
        Path key = Files.writeString(dir.resolve("k"), "key\n");
        assertThat(esvc.run("translate", "--input", emails(1).toString(), "--output", dir.resolve("o.csv").toString(),
                "--license-key-file", key.toString(), "--license-key", "key")).isEqualTo(2);
        assertThat(esvc.err.toString().strip()).isEqualTo("esvc: give --license-key-file or --license-key, not both");
    }

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of(List.of("--activation-url", "https://activation.example.com"),
                        "esvc: --product-code is required (or set EMBEDDED_SERVICE_PRODUCT_CODE)"),
                Arguments.of(List.of("--activation-url", "http://activation.example.com", "--product-code", "p"),
                        "esvc: --activation-url must use https"),
                Arguments.of(List.of("--concurrency", "100000"), "esvc: --concurrency must be between 1 and 256, was 100000"),
                Arguments.of(List.of("--concurrency", "0"), "esvc: --concurrency must be between 1 and 256, was 0"),
                Arguments.of(List.of("--target-namespace", ""), "esvc: --target-namespace must not be blank"),
                Arguments.of(List.of("--activation-url", "https://activation.example.com", "--product-code", "p",
                        "--endpoint-name", "not a name!"), "esvc: --endpoint-name must be a SageMaker endpoint name"),
                Arguments.of(List.of("--activation-url", "https://activation.example.com", "--product-code", "p",
                        "--endpoint-url", "http://sagemaker.example.com"), "esvc: --endpoint-url must use https"),
                Arguments.of(List.of("--license-key-file", "/no/such/key"),
                        "esvc: cannot read --license-key-file /no/such/key: no such file"));
    }

    @ParameterizedTest
    @MethodSource("badConfigurations")
    void badConfigurationExitsTwoNamingTheFlag(List<String> flags, String message) throws Exception {
        List<String> args = new ArrayList<>(List.of("translate", "--input", emails(2).toString(), "--output",
                dir.resolve("out.csv").toString()));
        args.addAll(flags);

        assertThat(esvc.run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(esvc.err.toString()).startsWith(message).doesNotContain("productCode", "activationUrl",
                "maxConcurrency", "targetNamespace", "endpointName", "endpointOverride", "Exception", "\tat ");
        assertThat(esvc.err.toString().lines().count()).isOne();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).doesNotContain("out.csv",
                "out.csv.partial", "out.csv.partial.resume");
    }

    @Test
    void runningOutOfMemoryIsOneLineNamingAHeapToTryAndKeepsThePartial() throws Exception {
        TranslateCommand.rowHook = (row, run) -> {
            if (row == 1_200) {
                throw new OutOfMemoryError("Java heap space");
            }
        };

        assertThat(esvc.run("translate", "--input", emails(3_000).toString(), "--output",
                dir.resolve("out.csv").toString())).isEqualTo(1);

        assertThat(esvc.err.toString()).endsWith(TranslateCommand.OUT_OF_MEMORY + System.lineSeparator())
                .contains("esvc: out of memory: 1,200 of 3,000 rows are kept in")
                .doesNotContain("OutOfMemoryError", "Self-suppression", "\tat ");
        assertThat(Files.readAllLines(dir.resolve("out.csv.partial"))).hasSize(1 + 1_200);
    }

    @Test
    void memoryRunningOutBehindTryWithResourcesIsStillNamedAsSuch() throws Exception {
        TranslateCommand.rowHook = (row, run) -> {
            if (row == 10) { // what try-with-resources throws when a close fails with the same OutOfMemoryError
                throw new IllegalArgumentException("Self-suppression not permitted", new OutOfMemoryError());
            }
        };

        assertThat(esvc.run("translate", "--input", emails(20).toString(), "--output",
                dir.resolve("out.csv").toString())).isEqualTo(1);

        assertThat(esvc.err.toString()).endsWith(TranslateCommand.OUT_OF_MEMORY + System.lineSeparator())
                .doesNotContain("Self-suppression", "\tat ");
    }

    @Test
    void theHeapToTryIsTwiceTheLimitInMebibytesOrGibibytes() {
        assertThat(TranslateCommand.outOfMemoryMessage(128L << 20)).contains("limit is 128 MiB").contains("-Xmx256m");
        assertThat(TranslateCommand.outOfMemoryMessage(64L << 20)).contains("-Xmx256m");
        assertThat(TranslateCommand.outOfMemoryMessage(1L << 30)).contains("limit is 1,024 MiB").contains("-Xmx2g");
        assertThat(TranslateCommand.outOfMemoryMessage(3000L << 20)).contains("-Xmx4g");
    }

    @Test
    void aStackTraceAppearsOnlyWithVerbose() throws Exception {
        TranslateCommand.rowHook = (row, run) -> {
            if (row == 5) {
                throw new IllegalStateException("unexpected");
            }
        };
        Path input = emails(10);

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", dir.resolve("a.csv").toString()))
                .isEqualTo(1);
        assertThat(esvc.err.toString()).contains("esvc: unexpected: 5 of 10 rows are kept").doesNotContain("\tat ");

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", dir.resolve("b.csv").toString(),
                "--verbose")).isEqualTo(1);
        assertThat(esvc.err.toString()).contains("esvc: unexpected: 5 of 10 rows are kept")
                .contains("java.lang.IllegalStateException: unexpected").contains("\tat ");
    }

    @Test
    void reasonsAddAFifthColumnAndTheSummaryCountsFailedByReason() throws Exception {
        EmbeddedServiceEmulator emulator = esvc.startService(dir);
        emulator.faults().rate(1.0, Fault.INTERNAL_FAILURE);
        Path input = Files.write(dir.resolve("in.txt"), List.of("a@example.com", "not an email", "b@example.com"));
        Path output = dir.resolve("out.csv");

        assertThat(esvc.runOnService("translate", "--input", input.toString(), "--output", output.toString(),
                "--reasons")).isEqualTo(1);

        List<String> rows = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo("row,type,status,translated_id,reason");
        assertThat(rows.get(2)).isEqualTo("2,EMAIL_SHA256,INVALID,,not an email address");
        String failedReason = rows.get(1).substring("1,EMAIL_SHA256,FAILED,,".length());
        assertThat(rows.get(1)).startsWith("1,EMAIL_SHA256,FAILED,,");
        assertThat(failedReason).isNotBlank();
        assertThat(rows.get(3)).isEqualTo("3,EMAIL_SHA256,FAILED,," + failedReason);
        assertThat(esvc.err.toString()).contains("0 OK, 0 NOT_FOUND, 1 INVALID, 2 FAILED")
                .contains("FAILED by reason: " + CsvLine.parse(failedReason, 1).get(0) + " (2)");
    }

    @Test
    void withoutReasonsTheFourPinnedColumnsStay() throws Exception {
        Path input = Files.write(dir.resolve("in.txt"), List.of("a@example.com", "not an email"));
        Path output = dir.resolve("out.csv");

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", output.toString())).isZero();

        assertThat(Files.readAllLines(output)).containsExactly(ResultRows.HEADER,
                ProtocolReference.emailRow(1, "default", "a@example.com"), "2,EMAIL_SHA256,INVALID,");
    }
}
