package dev.embeddedservice.examples;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esvc translate}: streams identifiers from a file through the embedded service and
 * writes one CSV row per identifier, in input order. This class holds the flags, the help and the
 * mapping of failures to messages and exit codes; {@link TranslateRun} does the run.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translates identifiers into a target namespace.",
                "Input: one identifier per line of --type, or a CSV with the columns type,value. A line that is not "
                        + "valid UTF-8 is INVALID (\"not valid UTF-8\") and never sent.",
                "The input is read twice: a quick first pass checks its structure (the CSV header, type names, "
                        + "quotes) before anything is sent; --input - first copies standard input to a temporary file.",
                "Output: CSV row,type,status,translated_id, one row per identifier, in input order. A file is "
                        + "written as FILE.partial and renamed when the run ends; a run that stops keeps FILE.partial "
                        + "(complete rows only) and --resume continues it without sending its rows again.",
                "Without --activation-url (or EMBEDDED_SERVICE_ACTIVATION_URL) it runs on the embedded emulator."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every identifier has its row: OK, NOT_FOUND or INVALID",
                "1:some rows are FAILED (see --reasons), or the run failed or stopped (a kept FILE.partial is named)",
                "2:bad usage, configuration or input, named by its flag; nothing was sent",
                "130, 143:interrupted by SIGINT or SIGTERM (FILE.partial is kept)"},
        footerHeading = "%nEnvironment variables:%n",
        footer = {
                "  EMBEDDED_SERVICE_ACTIVATION_URL   instead of --activation-url",
                "  EMBEDDED_SERVICE_PRODUCT_CODE     instead of --product-code",
                "  EMBEDDED_SERVICE_LICENSE_KEY      instead of --license-key-file",
                "  EMBEDDED_SERVICE_ENDPOINT_URL     instead of --endpoint-url",
                "  EMBEDDED_SERVICE_ENDPOINT_NAME    instead of --endpoint-name",
                "  EMBEDDED_SERVICE_MAX_CONCURRENCY  instead of --concurrency",
                "  EMBEDDED_SERVICE_PHONE_REGION     region of local phone numbers (default US)",
                "  AWS_REGION, AWS_PROFILE, ...      the AWS SDK's default chains%n"})
final class TranslateCommand implements Callable<Integer> {

    /**
     * Tests: called after each row is written, with its number; may call {@link Interruption#request()} on
     * the run's interruption (as SIGINT would) through {@link TranslateRun#interruption()}, or throw.
     */
    static volatile RowHook rowHook = (row, run) -> { };

    /** See {@link #rowHook}. */
    interface RowHook {
        void afterRow(long row, TranslateRun run);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Identifiers to translate; - for standard input.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "Where to write the CSV; - for standard output. A device or FIFO is written through.")
    String output;

    @Option(names = "--type", defaultValue = "email", paramLabel = "TYPE",
            description = "Type of a plain input's lines: email, phone, maid, email_sha256, phone_sha256, custom "
                    + "(default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--target-namespace", defaultValue = "default", paramLabel = "NS",
            description = "Namespace to translate into (default: ${DEFAULT-VALUE}).")
    String targetNamespace;

    @Option(names = "--resume", description = "Continue an interrupted run from its FILE.partial: its rows are not "
            + "sent again, and the output ends as an uninterrupted run's would. A partial output of another input, "
            + "namespace or type is refused.")
    boolean resume;

    @Option(names = "--reasons", description = "Add a fifth column, reason: why a row is INVALID or FAILED.")
    boolean reasons;

    @Mixin
    ServiceOptions service;

    @Option(names = "--concurrency", paramLabel = "N", description = "Batches in flight at once (1 to 256).")
    Integer concurrency;

    @Option(names = "--verbose", description = "Say how many rows were written every few seconds; print the stack trace of an "
            + "unexpected failure.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return new TranslateRun(this, err).run();
        } catch (UsageException e) {
            err.println("esvc: " + e.getMessage());
            return Esvc.EXIT_USAGE;
        } catch (InputFormatException e) {
            err.println("esvc: " + input + ": " + e.getMessage());
            return Esvc.EXIT_USAGE;
        } catch (InvalidConfigurationException e) {
            err.println("esvc: " + ServiceConnection.withFlagNames(Esvc.oneLine(e), service.licenseKeyFlag()));
            return Esvc.EXIT_USAGE;
        } catch (Throwable e) {
            if (outOfMemory(e)) {
                err.println(OUT_OF_MEMORY);
            } else {
                err.println("esvc: " + Esvc.oneLine(e));
                if (verbose) {
                    e.printStackTrace(err);
                }
            }
            return Esvc.EXIT_FAILED;
        } finally {
            err.flush();
        }
    }

    /** Computed up front: when memory has run out, there may be none left to compute it. */
    static final String OUT_OF_MEMORY = outOfMemoryMessage(Runtime.getRuntime().maxMemory());

    static String outOfMemoryMessage(long maxHeapBytes) {
        long mib = Math.max(1, maxHeapBytes >> 20);
        long suggest = Math.max(256, Long.highestOneBit(mib) << 1);
        String flag = suggest % 1024 == 0 ? "-Xmx" + suggest / 1024 + "g" : "-Xmx" + suggest + "m";
        return String.format(Locale.ROOT, "esvc: the Java heap ran out of memory (its limit is %,d MiB); run again "
                + "with a larger one, such as java %s -jar esvc.jar ...", mib, flag);
    }

    /** Whether {@code e} is, or was caused by, running out of memory (try-with-resources can hide it). */
    static boolean outOfMemory(Throwable e) {
        for (int depth = 0; e != null && depth < 20; e = e.getCause(), depth++) {
            if (e instanceof OutOfMemoryError) {
                return true;
            }
            for (Throwable s : e.getSuppressed()) {
                if (s instanceof OutOfMemoryError) {
                    return true;
                }
            }
        }
        return false;
    }
}
