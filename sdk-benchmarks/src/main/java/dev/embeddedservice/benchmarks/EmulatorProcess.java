package dev.embeddedservice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code esvc emulator} in a process of its own, as the end-to-end benchmark needs it: started
 * from this JVM's class path, its five printed values read back, stopped on close.
 */
final class EmulatorProcess implements AutoCloseable {

    private final Process process;
    private final Map<String, String> values;

    private EmulatorProcess(Process process, Map<String, String> values) {
        this.process = process;
        this.values = values;
    }

    static EmulatorProcess start(List<String> emulatorArgs) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.embeddedservice.examples.Esvc", "emulator"));
        command.addAll(emulatorArgs);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, String> values = new HashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            String line = out.readLine();
            if (line == null) {
                process.destroyForcibly();
                throw new IOException("esvc emulator exited before printing its settings");
            }
            int colon = line.indexOf(": ");
            values.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return new EmulatorProcess(process, values);
    }

    String activationUrl() {
        return values.get("activation-url");
    }

    String endpointUrl() {
        return values.get("endpoint-url");
    }

    String productCode() {
        return values.get("product-code");
    }

    String licenseKey() {
        return values.get("license-key");
    }

    String region() {
        return values.get("region");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
