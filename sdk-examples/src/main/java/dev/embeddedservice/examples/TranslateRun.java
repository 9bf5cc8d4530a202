package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.StreamAbortedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
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
        String licenseKey = cmd.service.licenseKey(err);
        input = InputFile.open(cmd.input, System.in);
        try {
            output = OutputTarget.resolve(cmd.output, input.isCopy() ? null : input.path());
            boolean resume = resumable();
            ServiceConnection.Flags flags = new ServiceConnection.Flags(cmd.service.activationUrl, cmd.service.productCode, licenseKey,
                    cmd.service.licenseKeyFlag(), cmd.service.endpointUrl, cmd.service.region, cmd.service.endpointName, cmd.concurrency,
                    cmd.targetNamespace);
            try (ServiceConnection connection = ServiceConnection.open(flags, err)) {
                interruption.install(this::keepOnTimeout);
                try {
                    InputFile.Facts facts = input.check(plainType, interruption::requested);
                    inputRows = facts.rows();
                    return translate(connection.client(), plainType, facts, resume);
                } catch (Interruption.Interrupted e) {
                    err.println("esvc: interrupted before anything was sent");
                    return Esvc.EXIT_FAILED;
                } finally {
                    input.close(); // before settling: once settled, a signal's hook lets the JVM end
                    interruption.settled();
                    interruption.uninstall();
                }
            }
        } finally {
            input.close();
        }
    }

    /**
     * Whether this run continues a {@code .partial}: only with {@code --resume}; without it an earlier run's
     * rows are never overwritten.
     */
    private boolean resumable() throws IOException {
        if (!output.viaPartial()) {
            if (cmd.resume) {
                throw new UsageException("--resume needs --output to name a regular file: its FILE.partial is what "
                        + "a run resumes");
            }
            return false;
        }
        Path partial = output.partial();
        if (!Files.exists(partial)) {
            Files.deleteIfExists(output.resumeFile()); // a finished run's leftover, or its partial output was removed
            if (cmd.resume) {
                err.println("esvc: there is no " + partial + " to resume: starting from the first row");
            }
            return false;
        }
        if (!cmd.resume) {
            throw new UsageException(partial + " holds the rows of an interrupted run: add --resume to continue it "
                    + "without sending them again, or delete it and " + output.resumeFile().getFileName()
                    + " to start over");
        }
        if (!Files.exists(output.resumeFile())) {
            throw new UsageException("cannot resume from " + partial + ": " + output.resumeFile().getFileName()
                    + " is missing, so what it belongs to cannot be checked; delete it to start over");
        }
        return true;
    }

    private int translate(EmbeddedServiceClient client, IdentifierType plainType, InputFile.Facts facts,
                          boolean resume) throws IOException {
        ResumeFile.Fingerprint fingerprint = new ResumeFile.Fingerprint(facts.sha256(), facts.bytes(), facts.rows(),
                cmd.targetNamespace, facts.csv() ? "csv" : plainType.externalName(), cmd.reasons);
        RunTally tally = new RunTally();
        long resumed = 0;
        boolean header = true;
        Iterator<TranslateResult> resumeFrom = Collections.emptyIterator();
        if (resume) {
            String why = ResumeFile.read(output.resumeFile()).mismatch(fingerprint);
            if (why != null) {
                throw new UsageException("cannot resume from " + output.partial() + ": " + why);
            }
            long complete = PartialOutput.cutToCompleteRows(output.partial());
            if (complete > facts.rows()) {
                throw new UsageException("cannot resume from " + output.partial() + ": it holds more rows than the "
                        + "input has identifiers");
            }
            header = complete < 0;
            resumed = Math.max(0, complete);
            ResumeFile.keepThrough(output.resumeFile(), resumed);
            if (!header) {
                resumeFrom = PartialOutput.results(output.partial(), resumed, cmd.reasons,
                        new ResumeFile.Reader(output.resumeFile()), tally);
            }
            err.println(String.format(Locale.ROOT, "esvc: resuming from %s: its %,d of %,d rows are not sent again",
                    output.partial(), resumed, facts.rows()));
        } else if (output.viaPartial()) {
            ResumeFile.create(output.resumeFile(), fingerprint);
        }
        Writer log = output.viaPartial() ? ResumeFile.append(output.resumeFile()) : null;
        Writer out;
        try {
            out = output.open(cmd.spec.commandLine().getOut(), resume);
        } catch (IOException e) {
            if (log != null) {
                log.close();
            }
            if (!resume) {
                discardPartial();
            }
            throw new UsageException("cannot write output file " + output.name() + ": " + Esvc.oneLine(e));
        }
        InvocationSummary summary;
        try (Utf8Lines lines = input.lines()) {
            IdentifierInput ids = new IdentifierInput(lines, plainType, true);
            ids.untrackThrough(resumed);
            rows = new ResultRows(out, log, cmd.reasons, resumed, ids::illFormed, tally);
            if (header) {
                rows.writeHeader();
            }
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
                }, resumeFrom);
            } finally {
                if (progress != null) {
                    progress.stepTo(lines.bytesRead());
                    progress.close();
                }
            }
        } catch (StreamAbortedException e) {
            return stopped(e.getCause());
        } catch (Interruption.Interrupted e) { // while the SDK read the resumed rows: nothing new was sent
            return stopped(e);
        } catch (UsageException | InvalidConfigurationException e) { // before anything was sent
            if (rows != null) {
                rows.abandon();
            }
            if (!resume) {
                discardPartial();
            }
            if (resume && e.getMessage().startsWith("resumeFrom")) { // the SDK's check of each resumed row
                throw new UsageException("cannot resume from " + output.partial() + ": "
                        + Esvc.oneLine(e).replace("resumeFrom", "it") + "; delete it to start over");
            }
            throw e;
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
        err.println(tally.summary(summary, cmd.targetNamespace, output.name(), resumed));
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
        return "esvc: " + why + ": " + of + " are kept in " + output.partial() + " (complete rows only); run the "
                + "same command with --resume to continue without sending them again";
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
