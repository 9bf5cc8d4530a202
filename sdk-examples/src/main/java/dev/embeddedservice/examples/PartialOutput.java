package dev.embeddedservice.examples;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads back a {@code <output>.partial} for {@code --resume}: its complete rows become the
 * {@link TranslateResult}s the SDK's resume overload takes, built with the public factories, the
 * reasons taken from the {@link ResumeFile}. A row cut short by a hard stop ({@code kill -9}, a power
 * loss) is cut off, so its identifier is translated again.
 */
final class PartialOutput {

    private PartialOutput() {
    }

    /**
     * Cuts the partial output after its last complete line, and counts its rows.
     *
     * @return the complete rows after the header; -1 when not even the header is complete (the file is
     *         emptied then)
     */
    static long cutToCompleteRows(Path partial) throws IOException {
        long lines = 0;
        long end = 0;
        long position = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(partial)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                        end = position + i + 1;
                    }
                }
                position += n;
            }
        }
        if (end < position) {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
        return lines - 1;
    }

    /**
     * The results of rows 1 to {@code rows}, read as they are asked for, each counted in {@code tally}.
     *
     * @throws UsageException (from the iterator) when a row is not what esvc writes
     */
    static Iterator<TranslateResult> results(Path partial, long rows, boolean reasonColumn, ResumeFile.Reader reasons,
                                             RunTally tally) throws IOException {
        BufferedReader in = Files.newBufferedReader(partial, StandardCharsets.UTF_8);
        String header = in.readLine();
        String expected = reasonColumn ? ResultRows.HEADER_WITH_REASONS : ResultRows.HEADER;
        if (!expected.equals(header)) {
            in.close();
            throw new UsageException("cannot resume from " + partial + ": its first line is not " + expected);
        }
        return new Iterator<>() {
            private long row;

            @Override
            public boolean hasNext() {
                if (row < rows) {
                    return true;
                }
                close();
                return false;
            }

            @Override
            public TranslateResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                row++;
                try {
                    return parse(in.readLine(), row);
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException("cannot read " + partial, e);
                } catch (RuntimeException e) {
                    close();
                    throw e instanceof UsageException ? e : damaged(e.getMessage());
                }
            }

            private TranslateResult parse(String line, long n) throws IOException {
                List<String> f = line == null ? List.of() : CsvLine.parse(line, n + 1);
                if (f.size() != (reasonColumn ? 5 : 4) || !f.get(0).equals(Long.toString(n))) {
                    throw damaged("it is not row " + n);
                }
                IdentifierType type = IdentifierType.valueOf(f.get(1));
                RecordStatus status = RecordStatus.valueOf(f.get(2));
                if (!type.isWireType() || (status == RecordStatus.OK) == f.get(3).isEmpty()) {
                    throw damaged("it is not a row esvc writes");
                }
                TranslateResult result;
                if (status == RecordStatus.OK) {
                    result = TranslateResult.ok(type, f.get(3));
                } else if (status == RecordStatus.NOT_FOUND) {
                    result = TranslateResult.notFound(type);
                } else {
                    ResumeFile.Reason kept = reasons.of(n);
                    String reason = kept != null ? kept.reason() : reasonColumn ? f.get(4) : "no reason was kept";
                    result = status == RecordStatus.INVALID ? TranslateResult.invalid(type, reason)
                            : TranslateResult.failed(type, reason, kept == null || kept.retryable());
                }
                tally.add(status, result.reason().orElse(""));
                return result;
            }

            private UsageException damaged(String why) {
                return new UsageException("cannot resume from " + partial + ": row " + row + " is damaged (" + why
                        + "); delete it and " + partial.getFileName() + ".resume to start over");
            }

            private void close() {
                try {
                    in.close();
                    reasons.close();
                } catch (IOException e) {
                    // read-only: nothing to lose
                }
            }
        };
    }
}
