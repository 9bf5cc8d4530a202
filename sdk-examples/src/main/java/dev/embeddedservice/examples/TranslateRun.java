package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.exception.StreamAbortedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/**
 * One run of {@code esvc translate}: check the input (the pre-pass), open the output, stream the
 * identifiers through the client, and finish — rename the {@code .partial} into place — or, when the
 * run stops, keep what it wrote and say so. Never bills and then throws away: every result the SDK
 * delivers is written before the run ends, however it ends.
 */
final class TranslateRun {

    private final TranslateCommand cmd;
    private final PrintWriter err;
    private final Interruption interruption = new Interruption();
    private volatile ResultRows rows;
    private volatile OutputTarget output;
    private volatile InputFile input;
    private volatile long inputRows = -1;

    TranslateRun(TranslateCommand cmd, PrintWriter err) {
        this.cmd = cmd;
        this.err = err;
    }

    /** This run's interruption, as SIGINT and SIGTERM drive it (for tests' row hooks). */
    Interruption interruption() {
        return interruption;
    }

    int run() throws IOException {
        IdentifierType plainType = IdentifierInput.type(cmd.type);
        if (plainType == null) {
            throw new UsageException("--type must be one of " + String.join(", ", IdentifierInput.TYPES) + ", was '"
                    + cmd.type + "'");
        }
        String licenseKey = cmd.licenseKey(err);
        input = InputFile.open(cmd.input, System.in);
        try {
            output = OutputTarget.resolve(cmd.output, input.isCopy() ? null : input.path());
            if (output.viaPartial() && (Files.exists(output.partial()) || Files.exists(output.resumeFile()))) {
                throw new UsageException(output.partial() + " holds the rows of an interrupted run; delete it and "
                        + output.resumeFile().getFileName() + " to start over");
            }
            ServiceConnection.Flags flags = new ServiceConnection.Flags(cmd.activationUrl, cmd.productCode, licenseKey,
                    cmd.licenseKeyFlag(), cmd.endpointUrl, cmd.region, cmd.endpointName, cmd.concurrency,
                    cmd.targetNamespace);
            try (ServiceConnection connection = ServiceConnection.open(flags, err)) {
                interruption.install(this::keepOnTimeout);
                try {
                    InputFile.Facts facts = input.check(plainType, interruption::requested);
                    inputRows = facts.rows();
                    return translate(connection.client(), plainType, facts);
                } catch (Interruption.Interrupted e) {
                    err.println("esvc: interrupted before anything was sent");
                    return Esvc.EXIT_FAILED;
                } finally {
                    interruption.settled();
                    interruption.uninstall();
                }
            }
        } finally {
            input.close();
        }
    }

    private int translate(EmbeddedServiceClient client, IdentifierType plainType, InputFile.Facts facts)
            throws IOException {
        Writer log = null;
        if (output.viaPartial()) {
            ResumeFile.create(output.resumeFile(), new ResumeFile.Fingerprint(facts.sha256(), facts.bytes(),
                    facts.rows(), cmd.targetNamespace, facts.csv() ? "csv" : plainType.externalName(), cmd.reasons));
            log = ResumeFile.append(output.resumeFile());
        }
        Writer out;
        try {
            out = output.open(cmd.spec.commandLine().getOut(), false);
        } catch (IOException e) {
            if (log != null) {
                log.close();
            }
            discardPartial();
            throw new UsageException("cannot write output file " + output.name() + ": " + Esvc.oneLine(e));
        }
        RunTally tally = new RunTally();
        InvocationSummary summary;
        try (Utf8Lines lines = input.lines()) {
            IdentifierInput ids = new IdentifierInput(lines, plainType, true);
            rows = new ResultRows(out, log, cmd.reasons, 0, ids::illFormed, tally);
            rows.writeHeader();
            ProgressBar progress = Progress.bar(facts.bytes());
            long[] row = {0, 0, 0}; // rows, rows last reported, when (--verbose)
            try {
                summary = client.translateStream(interruption.guard(ids), cmd.targetNamespace, result -> {
                    rows.write(result);
                    row[0]++;
                    if (progress != null && (row[0] & 1023) == 0) {
                        progress.stepTo(lines.bytesRead());
                    }
                    if (cmd.verbose) {
                        report(row);
                    }
                    TranslateCommand.rowHook.afterRow(row[0], this);
                });
            } finally {
                if (progress != null) {
                    progress.stepTo(lines.bytesRead());
                    progress.close();
                }
            }
        } catch (StreamAbortedException e) {
            return stopped(e.getCause());
        } catch (Throwable e) {
            // Not the caller's code: the call could not run (activation refused, say), or the JVM failed. The
            // exception is told by TranslateCommand; here only what was written, if anything, is kept and named.
            ResultRows r = rows;
            if (r != null) {
                r.abandon();
            }
            if (r == null || r.rowsOut() == 0) {
                discardPartial();
            } else {
                err.println(kept(TranslateCommand.outOfMemory(e) ? "out of memory" : "the run failed"));
            }
            throw e;
        }
        rows.close();
        if (tally.rows() != facts.rows()) {
            err.println(kept("the input changed while it was read (" + String.format(Locale.ROOT, "%,d identifiers, "
                    + "not %,d as checked)", tally.rows(), facts.rows())));
            return Esvc.EXIT_FAILED;
        }
        output.commit();
        if (output.viaPartial()) {
            Files.deleteIfExists(output.resumeFile());
        }
        err.println(tally.summary(summary, cmd.targetNamespace, output.name(), 0));
        long failed = tally.count(RecordStatus.FAILED);
        if (failed > 0) {
            err.println(String.format(Locale.ROOT, "esvc: %,d of %,d records could not be answered (status FAILED in "
                    + "%s); translate them again later. FAILED by reason: %s", failed, tally.rows(), output.name(),
                    tally.failedByReason()));
            return Esvc.EXIT_FAILED;
        }
        return 0;
    }

    /** With --verbose: a line when rows reached the output, at most every 5 seconds (and the first time). */
    private void report(long[] row) {
        long out = rows.rowsOut();
        long now = System.nanoTime();
        if (out > row[1] && (row[1] == 0 || now - row[2] >= 5_000_000_000L)) {
            row[1] = out;
            row[2] = now;
            err.println(String.format(Locale.ROOT, "esvc: %,d of %,d rows written", out, inputRows));
        }
    }

    /** The run stopped before its end because of {@code cause}: keep what was written, say so. */
    private int stopped(Throwable cause) {
        ResultRows r = rows;
        if (r != null) {
            r.abandon();
        }
        if (cause instanceof Interruption.Interrupted) {
            err.println(kept("interrupted"));
            return Esvc.EXIT_FAILED;
        }
        if (cause instanceof InputFormatException bad) {
            err.println("esvc: " + cmd.input + ": " + bad.getMessage() + " (the input changed after it was checked)");
            err.println(kept("the input changed"));
            return Esvc.EXIT_USAGE;
        }
        if (cause instanceof UncheckedIOException io) {
            err.println(kept(Esvc.oneLine(io)));
            return Esvc.EXIT_FAILED;
        }
        err.println(kept(TranslateCommand.outOfMemory(cause) ? "out of memory" : Esvc.oneLine(cause)));
        if (TranslateCommand.outOfMemory(cause)) {
            err.println(TranslateCommand.OUT_OF_MEMORY);
        } else if (cmd.verbose) {
            cause.printStackTrace(err);
        }
        return Esvc.EXIT_FAILED;
    }

    /** What the hook does when the run has not settled within the grace period. */
    private void keepOnTimeout() {
        ResultRows r = rows;
        if (r != null) {
            r.abandon();
            err.println(kept("interrupted; the batches in flight were not answered within "
                    + Interruption.GRACE.toSeconds() + " s"));
        } else {
            err.println("esvc: interrupted before anything was sent");
        }
        err.flush();
        InputFile in = input;
        if (in != null) {
            in.close();
        }
    }

    /** One line: why the run stopped and where its rows are. Discards a partial output that holds no row. */
    private String kept(String why) {
        ResultRows r = rows;
        long written = r == null ? 0 : r.rowsOut();
        String of = inputRows >= 0 ? String.format(Locale.ROOT, "%,d of %,d rows", written, inputRows)
                : String.format(Locale.ROOT, "%,d rows", written);
        if (!output.viaPartial()) {
            return "esvc: " + why + ": " + of + " were written to " + output.name() + "; the others were not";
        }
        if (written == 0) {
            discardPartial();
            return "esvc: " + why + ": no row was written, and " + output.name() + " was left as it was";
        }
        return "esvc: " + why + ": " + of + " are kept in " + output.partial() + " (complete rows only; "
                + output.resumeFile().getFileName() + " beside it says what they belong to)";
    }

    private void discardPartial() {
        try {
            Files.deleteIfExists(output.partial());
            Files.deleteIfExists(output.resumeFile());
        } catch (IOException e) {
            // best effort: a partial output without rows is named as such
        }
    }
}
