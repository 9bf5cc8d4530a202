package dev.embeddedservice.examples;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.EmulatorMain;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esvc emulator}: runs the testkit's emulator of the activation service and of a SageMaker
 * endpoint as a standalone server on loopback, until interrupted.
 *
 * <p>Standard output carries exactly the five connection lines of
 * {@link EmulatorMain#connectionLines(EmbeddedServiceEmulator)} and nothing else, so scripts can read
 * them; everything else (the serving note, logs) goes to standard error. On SIGTERM or Ctrl-C a
 * shutdown hook closes the emulator. It does not use {@link EmulatorMain#serve}, which stops on an
 * interrupt of its thread: {@code esvc} ends with {@code System.exit}, and a hook waiting for that
 * thread would hold the shutdown up.
 *
 * <p>When it cannot start, it says why in one line on standard error and exits with 1; a port in use
 * is named as such, with what to do (another port, or 0 for a free one).
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Runs the local emulator of the activation service and the SageMaker endpoint on loopback.",
                "Prints activation-url, endpoint-url, product-code, license-key and region once ready."})
final class EmulatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "Port to listen on (0: a free one).")
    int port;

    @Option(names = "--max-records", paramLabel = "N", description = "The container's records per invocation (default 1000).")
    Integer maxRecords;

    @Option(names = "--token-ttl", paramLabel = "SECONDS", description = "Lifetime of issued tokens (default 3600).")
    Long tokenTtl;

    @Option(names = "--fault-rate", paramLabel = "R", description = "Share of invocations given a seeded fault, 0 to 1.")
    Double faultRate;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            err.println("esvc: --port must be between 0 and 65535");
            return Esvc.EXIT_USAGE;
        }
        if (maxRecords != null && maxRecords < 1) {
            err.println("esvc: --max-records must be at least 1");
            return Esvc.EXIT_USAGE;
        }
        if (tokenTtl != null && tokenTtl < 1) {
            err.println("esvc: --token-ttl must be at least 1 second");
            return Esvc.EXIT_USAGE;
        }
        if (faultRate != null && !(faultRate >= 0 && faultRate <= 1)) {
            err.println("esvc: --fault-rate must be between 0 and 1");
            return Esvc.EXIT_USAGE;
        }
        EmbeddedServiceEmulator.Builder builder = EmbeddedServiceEmulator.builder().port(port);
        if (maxRecords != null) {
            builder.maxRecordsPerInvocation(maxRecords);
        }
        if (tokenTtl != null) {
            builder.tokenTtl(Duration.ofSeconds(tokenTtl));
        }
        if (faultRate != null) {
            builder.faultRate(faultRate);
        }
        EmbeddedServiceEmulator emulator;
        try {
            emulator = builder.start();
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof BindException)) {
                throw e;
            }
            err.println("esvc: " + Esvc.oneLine(e) + "; choose another --port, or --port 0 for a free one");
            return Esvc.EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "esvc-emulator-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(EmulatorMain.connectionLines(emulator));   // the five lines, exactly as the testkit's own main
        out.flush();
        err.println("esvc: emulator serving on port " + emulator.port() + "; press Ctrl-C to stop");
        err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            emulator.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
