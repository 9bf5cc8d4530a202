package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The standalone server: five lines on stdout once ready, then serving until interrupted. */
class EmulatorMainTest {

    private static final List<String> KEYS = List.of("activation-url", "endpoint-url", "product-code", "license-key", "region");

    private static Map<String, String> readFiveLines(BufferedReader reader) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            String line = reader.readLine();
            assertThat(line).as("line %d", i + 1).isNotNull();
            int colon = line.indexOf(": ");
            assertThat(colon).as(line).isPositive();
            values.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return values;
    }

    @Test
    void run_prints_the_five_lines_serves_and_stops_when_interrupted() throws Exception {
        PipedInputStream stdout = new PipedInputStream(64 * 1024);
        PrintStream out = new PrintStream(new PipedOutputStream(stdout), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        Thread server = new Thread(() -> status.set(EmulatorMain.run(
                new String[] {"--port", "0", "--max-records", "300", "--token-ttl", "600", "--fault-rate", "0"},
                out, new PrintStream(err, true, StandardCharsets.UTF_8))), "emulator-main-under-test");
        server.start();

        Map<String, String> values = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> readFiveLines(new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))));

        assertThat(values.keySet()).containsExactlyElementsOf(KEYS);
        assertThat(values.get("activation-url")).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(values.get("endpoint-url")).isEqualTo(values.get("activation-url"));
        assertThat(values.get("product-code")).isEqualTo(EmbeddedServiceEmulator.Builder.DEFAULT_PRODUCT_CODE);
        assertThat(values.get("license-key")).isEqualTo(EmbeddedServiceEmulator.Builder.DEFAULT_LICENSE_KEY);
        assertThat(values.get("region")).isEqualTo("us-east-1");
        RawHttp.Response activation = RawHttp.post(values.get("activation-url") + "/v1/activate",
                Map.of("Content-Type", "application/json", "X-Api-Key", values.get("license-key")),
                RawHttp.activationBody(values.get("product-code")).getBytes(StandardCharsets.UTF_8));
        assertThat(activation.json().get("expiresIn").asLong()).isEqualTo(600);
        assertThat(activation.json().at("/config/maxRecordsPerInvocation").asInt()).isEqualTo(300);

        server.interrupt();
        server.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(server.isAlive()).isFalse();
        assertThat(status.get()).isZero();
        assertThatThrownBy(() -> RawHttp.get(values.get("endpoint-url") + "/ping")).isInstanceOf(IOException.class);
    }

    @Test
    void bad_arguments_exit_with_2_and_usage_on_stderr_only() {
        for (String[] args : List.of(new String[] {"--port", "x"}, new String[] {"--nope", "1"}, new String[] {"--port"},
                new String[] {"--fault-rate", "2"}, new String[] {"--token-ttl=0"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int status = EmulatorMain.run(args, new PrintStream(out), new PrintStream(err));

            assertThat(status).as(String.join(" ", args)).isEqualTo(2);
            assertThat(out.size()).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
        }
    }

    @Test
    void a_port_in_use_exits_with_1_and_one_line_saying_so() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int status = EmulatorMain.run(new String[] {"--port", Integer.toString(port)},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(status).isEqualTo(1);
            assertThat(out.size()).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cannot start the emulator: port " + port
                    + " on 127.0.0.1 is in use; choose another --port, or --port 0 for a free one" + System.lineSeparator());
        }
    }

    @Test
    void the_builder_says_a_port_is_in_use_and_names_the_bind_failure_as_cause() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
                    () -> EmbeddedServiceEmulator.builder().port(busy.getLocalPort()).start());

            assertThat(e).hasMessage("port " + busy.getLocalPort() + " on 127.0.0.1 is in use")
                    .hasCauseInstanceOf(BindException.class);
        }
    }

    @Test
    void help_prints_usage_to_stderr_and_exits_0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(EmulatorMain.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max-records");
    }

    @Test
    void options_configure_the_builder() throws Exception {
        EmbeddedServiceEmulator.Builder builder = EmulatorMain.parse(new String[] {"--product-code", "prod-main01",
                "--license-key=", "--region", "eu-central-1", "--endpoint-name", "esvc-main", "--seed", "7"});
        try (EmbeddedServiceEmulator emulator = builder.start()) {
            assertThat(EmulatorMain.connectionLines(emulator)).isEqualTo(
                    "activation-url: " + emulator.activationUrl() + "\n"
                            + "endpoint-url: " + emulator.endpointUrl() + "\n"
                            + "product-code: prod-main01\n"
                            + "license-key: \n"
                            + "region: eu-central-1\n");
            assertThat(emulator.endpointName()).isEqualTo("esvc-main");
        }
    }

    @Test
    void as_a_separate_process_stdout_carries_exactly_the_five_lines() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, EmulatorMain.class.getName(), "--port", "0", "--max-records", "200")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> values = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readFiveLines(reader));
            assertThat(values.keySet()).containsExactlyElementsOf(KEYS);
            assertThat(RawHttp.get(values.get("endpoint-url") + "/ping").status()).isEqualTo(200);

            process.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves our end of stdout open
            List<String> rest = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                List<String> lines = new ArrayList<>();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
                return lines;
            });
            assertThat(rest).as("nothing else on stdout").isEmpty();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
