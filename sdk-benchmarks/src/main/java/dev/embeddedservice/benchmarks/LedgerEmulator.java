package dev.embeddedservice.benchmarks;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.EmulatorJournal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The emulator in a process of its own, as {@code esvc emulator} prints it, that also answers
 * {@code journal} on standard input with its ledger: {@code billed=N activations=N invocations=N
 * largest=N}. The benchmarks ({@link EmulatorProcess}) read what the partner would bill from it.
 * Ends at end of input. Argument: the container's records per invocation (default 1,000).
 */
public final class LedgerEmulator {

    private LedgerEmulator() {
    }

    public static void main(String[] args) throws IOException {
        int maxRecords = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .maxRecordsPerInvocation(maxRecords).journalCapacity(10_000).start()) {
            System.out.println("activation-url: " + emulator.activationUrl());
            System.out.println("endpoint-url: " + emulator.endpointUrl());
            System.out.println("product-code: " + emulator.productCode());
            System.out.println("license-key: " + emulator.licenseKey());
            System.out.println("region: " + emulator.region());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("journal")) {
                    EmulatorJournal j = emulator.journal();
                    System.out.println("billed=" + j.billedUnits() + " activations=" + j.activationCount()
                            + " invocations=" + j.invocationCount() + " largest=" + j.largestInvocationRecords());
                    System.out.flush();
                }
            }
        }
    }
}
