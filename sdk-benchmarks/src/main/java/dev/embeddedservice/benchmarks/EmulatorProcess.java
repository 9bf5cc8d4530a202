package dev.embeddedservice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in a process of its own ({@link LedgerEmulator}), as the end-to-end benchmarks need
 * it: started from this JVM's class path, its five printed values read back, its billing ledger
 * asked for on demand, stopped on close.
 */
final class EmulatorProcess implements AutoCloseable {

    /** What the emulator's ledger says so far. */
    record Ledger(long billed, long activations, long invocations) {
    }

    private final Process process;
    private final Map<String, String> values;
    private final BufferedReader out;
    private final PrintStream in;

    private EmulatorProcess(Process process, Map<String, String> values, BufferedReader out) {
        this.process = process;
        this.values = values;
        this.out = out;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** An emulator whose container takes at most {@code maxRecords} records per invocation. */
    static EmulatorProcess start(int maxRecords) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                LedgerEmulator.class.getName(), Integer.toString(maxRecords));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, String> values = new HashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            String line = out.readLine();
            if (line == null) {
                process.destroyForcibly();
                throw new IOException("the emulator exited before printing its settings");
            }
            int colon = line.indexOf(": ");
            values.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return new EmulatorProcess(process, values, out);
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

    /** The ledger so far: records billed, activations, invocations. */
    synchronized Ledger ledger() throws IOException {
        in.println("journal");
        Map<String, Long> v = new HashMap<>();
        for (String kv : out.readLine().split(" ")) {
            String[] pair = kv.split("=");
            v.put(pair[0], Long.parseLong(pair[1]));
        }
        return new Ledger(v.get("billed"), v.get("activations"), v.get("invocations"));
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
