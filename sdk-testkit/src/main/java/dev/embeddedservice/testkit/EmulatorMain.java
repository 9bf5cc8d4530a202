package dev.embeddedservice.testkit;

import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The emulator as a standalone server on loopback:
 * {@code java -cp ... dev.embeddedservice.testkit.EmulatorMain [--port N] [--max-records N] [--token-ttl SECONDS]
 * [--fault-rate R] [--seed N] [--product-code CODE] [--license-key KEY] [--region REGION] [--endpoint-name NAME]}.
 *
 * <p>Once it serves, it prints exactly these five lines to standard output, and everything else to standard
 * error; then it serves until interrupted (Ctrl-C, SIGTERM):
 * <pre>
 * activation-url: http://127.0.0.1:PORT
 * endpoint-url: http://127.0.0.1:PORT
 * product-code: CODE
 * license-key: KEY
 * region: REGION
 * </pre>
 *
 * <p>Another program's command line (such as {@code esvc emulator}) can parse its own options and call
 * {@link #serve(EmbeddedServiceEmulator.Builder, PrintStream)}, or hand the arguments to
 * {@link #run(String[], PrintStream, PrintStream)}:
 * <pre>{@code
 * EmulatorMain.serve(EmbeddedServiceEmulator.builder().port(port).maxRecordsPerInvocation(maxRecords), System.out);
 * }</pre>
 */
public final class EmulatorMain {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: EmulatorMain [--port N] [--max-records N] [--token-ttl SECONDS] [--fault-rate R] [--seed N]",
            "                    [--product-code CODE] [--license-key KEY] [--region REGION] [--endpoint-name NAME]",
            "Starts the embedded-service emulator on 127.0.0.1 (port 0 or none: a free port), prints its five",
            "connection lines to stdout and serves until interrupted.");

    private EmulatorMain() {
    }

    /** Runs the standalone server; exits with status 2 on bad arguments, 1 when it cannot start. */
    public static void main(String[] args) {
        Thread mainThread = Thread.currentThread();
        Thread hook = new Thread(() -> {
            mainThread.interrupt();
            try {
                mainThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "embedded-service-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = run(args, System.out, System.err);
        if (status != 0) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return;
            }
            System.exit(status);
        }
    }

    /**
     * Parses {@code args}, starts the emulator, prints the five lines to {@code out} and serves until the calling
     * thread is interrupted; then stops the emulator.
     *
     * @return 0 after an interrupt (or {@code --help}), 2 for bad arguments or settings (usage printed to {@code err}),
     *         1 when it cannot start (one line on {@code err}; for a port in use, that it is and what to do)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        EmbeddedServiceEmulator.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (builder == null) {
            err.println(USAGE);
            return 0;
        }
        try {
            serve(builder, out);
            return 0;
        } catch (InterruptedException e) {
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IllegalStateException e) {
            err.println("cannot start the emulator: " + e.getMessage()
                    + (e.getCause() instanceof BindException ? "; choose another --port, or --port 0 for a free one" : ""));
            return 1;
        }
    }

    /**
     * The builder the command-line arguments describe, or null when they ask for {@code --help}.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static EmbeddedServiceEmulator.Builder parse(String[] args) {
        EmbeddedServiceEmulator.Builder builder = EmbeddedServiceEmulator.builder();
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if ("--help".equals(arg) || "-h".equals(arg)) {
                return null;
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= list.size()) {
                    throw new IllegalArgumentException(known(name) ? "missing value for " + name : "unknown option " + name);
                }
                value = list.get(++i);
            }
            switch (name) {
                case "--port" -> builder.port(integer(name, value));
                case "--max-records" -> builder.maxRecordsPerInvocation(integer(name, value));
                case "--token-ttl" -> builder.tokenTtl(Duration.ofSeconds(integer(name, value)));
                case "--fault-rate" -> builder.faultRate(decimal(name, value));
                case "--seed" -> builder.seed(longInteger(name, value));
                case "--product-code" -> builder.productCode(value);
                case "--license-key" -> builder.licenseKey(value.isEmpty() ? null : value);
                case "--region" -> builder.region(value);
                case "--endpoint-name" -> builder.endpointName(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return builder;
    }

    /**
     * Starts the emulator from {@code builder}, prints the five connection lines to {@code out}, and blocks until the
     * calling thread is interrupted; the emulator is closed on the way out.
     *
     * @throws InterruptedException when interrupted: the normal way to stop serving
     */
    public static void serve(EmbeddedServiceEmulator.Builder builder, PrintStream out) throws InterruptedException {
        try (EmbeddedServiceEmulator emulator = builder.start()) {
            printConnectionLines(emulator, out);
            new CountDownLatch(1).await();
        }
    }

    /** Prints the five connection lines of {@code emulator} to {@code out} and flushes it. */
    public static void printConnectionLines(EmbeddedServiceEmulator emulator, PrintStream out) {
        out.print(connectionLines(emulator));
        out.flush();
    }

    /** The five connection lines, each ending with a line feed. */
    public static String connectionLines(EmbeddedServiceEmulator emulator) {
        return "activation-url: " + emulator.activationUrl() + "\n"
                + "endpoint-url: " + emulator.endpointUrl() + "\n"
                + "product-code: " + emulator.productCode() + "\n"
                + "license-key: " + (emulator.licenseKey() == null ? "" : emulator.licenseKey()) + "\n"
                + "region: " + emulator.region() + "\n";
    }

    private static boolean known(String name) {
        return List.of("--port", "--max-records", "--token-ttl", "--fault-rate", "--seed", "--product-code",
                "--license-key", "--region", "--endpoint-name").contains(name);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'");
        }
    }

    private static long longInteger(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'");
        }
    }

    private static double decimal(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
        }
    }
}
