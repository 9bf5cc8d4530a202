package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A file larger than memory through the streaming API: lines are read as batches are sent and
 * results are written in input order, with at most {@code maxConcurrency + 1} batches in memory.
 *
 * <pre>java -cp sdk-examples/target/esvc.jar dev.embeddedservice.examples.StreamLargeFile emails.txt out.csv</pre>
 * Without arguments it generates a file of 100,000 emails first.
 */
public final class StreamLargeFile {

    private StreamLargeFile() {
    }

    public static void main(String[] args) throws IOException {
        Path input = args.length > 0 ? Path.of(args[0]) : generate(Files.createTempFile("emails", ".txt"), 100_000);
        Path output = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("translated", ".csv");
        try (ExampleService service = ExampleService.fromEnvironmentOrEmulator()) {
            run(service, input, output, System.out);
        }
    }

    static InvocationSummary run(ExampleService service, Path input, Path output, PrintStream out) throws IOException {
        try (EmbeddedServiceClient client = service.clientBuilder().maxConcurrency(4).build();
             Stream<String> lines = Files.lines(input, StandardCharsets.UTF_8);
             BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            InvocationSummary summary = client.translateStream(
                    lines.filter(line -> !line.isBlank()).map(Identifier::email).iterator(), "acme-media",
                    result -> {
                        try {
                            writer.write(result.status() + "," + result.translatedId().orElse("") + "\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            out.printf("%,d records in %d invocations, %.0f records/s -> %s%n", summary.records(),
                    summary.invocations(), summary.recordsPerSecond(), output);
            return summary;
        }
    }

    static Path generate(Path file, int count) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                w.write("customer" + i + "@example.com\n");
            }
        }
        return file;
    }
}
