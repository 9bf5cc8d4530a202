package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example program runs on the emulator, so none of them rots. */
class ExamplesTest {

    private static EmbeddedServiceEmulator emulator;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickStartTranslatesFiveIdentifiers() {
        TranslateResponse response = QuickStart.run(ExampleService.on(emulator), out);
        assertThat(response.results()).hasSize(5);
        assertThat(response.results().get(4).status()).isEqualTo(RecordStatus.INVALID);
        assertThat(response.results().subList(0, 4)).allMatch(r -> r.status() == RecordStatus.OK
                || r.status() == RecordStatus.NOT_FOUND);
        assertThat(printed().lines()).hasSize(6);
    }

    @Test
    void asyncCallsComplete() {
        List<TranslateResponse> responses = AsyncCalls.run(ExampleService.on(emulator), out);
        assertThat(responses).hasSize(3).allMatch(r -> r.results().size() == 2_000 && r.summary().failed() == 0);
    }

    @Test
    void aLargeFileStreamsThrough() throws Exception {
        Path input = StreamLargeFile.generate(dir.resolve("emails.txt"), 20_000);
        Path output = dir.resolve("out.csv");
        InvocationSummary summary = StreamLargeFile.run(ExampleService.on(emulator), input, output, out);
        assertThat(summary.records()).isEqualTo(20_000);
        assertThat(summary.failed()).isZero();
        assertThat(Files.readAllLines(output)).hasSize(20_000);
    }
}
