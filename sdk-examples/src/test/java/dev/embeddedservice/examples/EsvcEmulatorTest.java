package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code esvc emulator} as a separate process: it starts, prints its five values, and nothing else, on
 * standard output, and answers; on a port in use, it says so in one line and exits with 1.
 */
class EsvcEmulatorTest {

    @Test
    void theEmulatorCommandPrintsExactlyItsFiveSettingsAndAnswersActivation() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Esvc.class.getName(), "emulator", "--max-records", "250", "--token-ttl", "600")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                String line = stdout.readLine();
                assertThat(line).as("line %d of the emulator's output", i + 1).isNotNull();
                int colon = line.indexOf(": ");
                values.put(line.substring(0, colon), line.substring(colon + 2));
            }
            assertThat(values.keySet()).containsExactly("activation-url", "endpoint-url", "product-code",
                    "license-key", "region");
            assertThat(values.get("activation-url")).matches("http://127\\.0\\.0\\.1:\\d+");

            HttpResponse<String> activation = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(values.get("activation-url") + "/v1/activate"))
                    .header("Content-Type", "application/json")
                    .header("X-Api-Key", values.get("license-key"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"productCode\":\"" + values.get("product-code") + "\",\"sdkVersion\":\"test\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(activation.statusCode()).isEqualTo(200);
            assertThat(activation.body()).contains("\"expiresIn\":600").contains("\"maxRecordsPerInvocation\":250");
            // SIGTERM through the handle, which (unlike Process.destroy) leaves our end of stdout open to read to its end
            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stdout.readLine()).as("standard output after the five lines, up to the end").isNull();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void onABusyPortTheEmulatorCommandSaysSoInOneLineAndExitsWith1() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    Esvc.class.getName(), "emulator", "--port", Integer.toString(port))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ended by itself").isTrue();

                assertThat(process.exitValue()).isEqualTo(1);
                assertThat(readAll(process.getInputStream())).as("standard output").isEmpty();
                assertThat(readAll(process.getErrorStream())).isEqualTo("esvc: port " + port + " on 127.0.0.1 is in use; "
                        + "choose another --port, or --port 0 for a free one" + System.lineSeparator());
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
