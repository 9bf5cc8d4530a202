package dev.embeddedservice.examples;

import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.LongPredicate;

/**
 * Writes the output's rows, {@code row,type,status,translated_id} (and {@code reason} with
 * {@code --reasons}), numbering them from 1 in input order. Rows are handed to the output only
 * whole, in chunks of about 64 KiB or once a second, so whatever stops the run, the output holds
 * complete rows only. The reason and retryability of each {@code INVALID} or {@code FAILED} row
 * also go to the resume file, whatever the columns, so {@code --resume} can rebuild the results.
 *
 * <p>Thread-safe: a shutdown hook may {@link #abandon()} it while the run still writes.
 */
final class ResultRows {

    static final String HEADER = "row,type,status,translated_id";
    static final String HEADER_WITH_REASONS = HEADER + ",reason";

    private static final int CHUNK_CHARS = 1 << 16;
    private static final long CHUNK_NANOS = 1_000_000_000L;

    private final Writer out;
    private final Writer resumeLog;
    private final boolean reasonColumn;
    private final LongPredicate notUtf8;
    private final RunTally tally;
    private final StringBuilder rows = new StringBuilder(CHUNK_CHARS + 1024);
    private final StringBuilder reasons = new StringBuilder();
    private long row;
    private long rowsOut;
    private long lastFlush = System.nanoTime();
    private boolean closed;

    /**
     * @param resumeLog    where reasons go for {@code --resume}, or {@code null}
     * @param firstRow     the number of rows the output already holds (a resumed run)
     * @param notUtf8      which rows' lines were not valid UTF-8: they are {@code INVALID} "not valid UTF-8"
     */
    ResultRows(Writer out, Writer resumeLog, boolean reasonColumn, long firstRow, LongPredicate notUtf8,
               RunTally tally) {
        this.out = out;
        this.resumeLog = resumeLog;
        this.reasonColumn = reasonColumn;
        this.notUtf8 = notUtf8;
        this.tally = tally;
        this.row = firstRow;
        this.rowsOut = firstRow;
    }

    synchronized void writeHeader() {
        rows.append(reasonColumn ? HEADER_WITH_REASONS : HEADER).append('\n');
    }

    /** Writes the next row. */
    synchronized void write(TranslateResult result) {
        if (closed) {
            throw new IllegalStateException("the output is closed: the run was interrupted");
        }
        row++;
        TranslateResult r = notUtf8.test(row) ? TranslateResult.invalid(result.type(), IdentifierInput.NOT_UTF8) : result;
        RecordStatus status = r.status();
        String reason = status == RecordStatus.INVALID || status == RecordStatus.FAILED
                ? oneLine(r.reason().orElse("no reason given")) : "";
        rows.append(row).append(',').append(r.type().name()).append(',').append(status.name()).append(',');
        if (status == RecordStatus.OK) {
            rows.append(csvField(r.translatedId().orElse("")));
        }
        if (reasonColumn) {
            rows.append(',').append(csvField(reason));
        }
        rows.append('\n');
        if (!reason.isEmpty() && resumeLog != null) {
            reasons.append(row).append('\t').append(status.name()).append('\t').append(r.retryable() ? '1' : '0')
                    .append('\t').append(reason).append('\n');
        }
        tally.add(status, reason);
        if (rows.length() >= CHUNK_CHARS || System.nanoTime() - lastFlush >= CHUNK_NANOS) {
            flush();
        }
    }

    /** Hands the complete rows written so far to the output. */
    synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            if (resumeLog != null && reasons.length() > 0) { // reasons first: every row out has its reason kept
                resumeLog.write(reasons.toString());
                resumeLog.flush();
                reasons.setLength(0);
            }
            out.write(rows.toString());
            out.flush();
            rows.setLength(0);
            rowsOut = row;
            lastFlush = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output: " + Esvc.oneLine(e), e);
        }
    }

    /** Flushes and closes the output (and the resume file); rows written later are refused. */
    synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            try {
                out.close();
            } finally {
                if (resumeLog != null) {
                    resumeLog.close();
                }
            }
        }
    }

    /** {@link #close()} without throwing: for a shutdown hook or a failure path, keeping what can be kept. */
    synchronized void abandon() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            closed = true;
        }
    }

    /** Rows the output holds (handed to it whole), the resumed ones included. */
    synchronized long rowsOut() {
        return rowsOut;
    }

    /** The text of a reason as written: one line, control characters as spaces. */
    static String oneLine(String reason) {
        StringBuilder s = new StringBuilder(reason.length());
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            s.append(c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 ? ' '
                    : Character.isSurrogate(c) ? '?' : c);
        }
        return s.toString();
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
