package dev.embeddedservice.examples;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <output>.partial.resume}: the side file of a partial output, which lets {@code --resume}
 * check that the partial output belongs to this input and rebuild its results. The partial output
 * itself is the final output's first rows, byte for byte, so finishing a run is a rename; this file
 * holds what the rows do not show:
 * <pre>
 * esvc-partial-output 1
 * input-sha256: 3b0c…          the SHA-256 of the input's bytes (as the pre-pass read them)
 * input-bytes: 52428800
 * input-rows: 1000000
 * target-namespace: acme-media  (URL-encoded)
 * type: email                   (--type of a plain input; "csv" for a CSV, whose rows carry their types)
 * reasons: no                   (whether the rows have the reason column)
 * rows:
 * 17	INVALID	0	not an email address       one line per INVALID or FAILED row:
 * 912	FAILED	1	the endpoint timed out     row, status, retryable, reason (tab-separated)
 * </pre>
 * Created before the first row is written; the reason lines are written before their rows, so every
 * row the partial output holds has its reason here. Removed when the run finishes.
 */
final class ResumeFile {

    private static final String MAGIC = "esvc-partial-output 1";
    private static final String ROWS = "rows:";

    /** What a partial output belongs to: a resumed run must match it field by field. */
    record Fingerprint(String inputSha256, long inputBytes, long inputRows, String targetNamespace, String type,
                       boolean reasons) {

        Map<String, String> fields() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("input-sha256", inputSha256);
            m.put("input-bytes", Long.toString(inputBytes));
            m.put("input-rows", Long.toString(inputRows));
            m.put("target-namespace", URLEncoder.encode(targetNamespace, StandardCharsets.UTF_8));
            m.put("type", type);
            m.put("reasons", reasons ? "yes" : "no");
            return m;
        }

        /** Why a partial output written with {@code this} does not belong to a run with {@code run}, or null. */
        String mismatch(Fingerprint run) {
            if (!inputSha256.equals(run.inputSha256) || inputBytes != run.inputBytes || inputRows != run.inputRows) {
                return "it was written for another input (" + String.format("%,d", inputRows) + " identifiers in "
                        + String.format("%,d", inputBytes) + " bytes, SHA-256 " + inputSha256.substring(0, 12)
                        + "...), not this one";
            }
            if (!targetNamespace.equals(run.targetNamespace)) {
                return "it was written for --target-namespace '" + targetNamespace + "', not '" + run.targetNamespace
                        + "'";
            }
            if (!type.equals(run.type)) {
                return "it was written for --type " + type + ", not " + run.type;
            }
            if (reasons != run.reasons) {
                return "it was written " + (reasons ? "with" : "without") + " --reasons; resume "
                        + (reasons ? "with" : "without") + " it, or start over";
            }
            return null;
        }
    }

    /** One INVALID or FAILED row's status, retryability and reason. */
    record Reason(long row, String status, boolean retryable, String reason) {
    }

    private ResumeFile() {
    }

    /** Writes a new side file with {@code f} and no reasons yet. */
    static void create(Path file, Fingerprint f) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            w.write(MAGIC + "\n");
            for (Map.Entry<String, String> e : f.fields().entrySet()) {
                w.write(e.getKey() + ": " + e.getValue() + "\n");
            }
            w.write(ROWS + "\n");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Opens the side file to append reason lines. */
    static Writer append(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /**
     * The fingerprint a side file holds.
     *
     * @throws UsageException when it is not a side file esvc wrote
     */
    static Fingerprint read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!MAGIC.equals(r.readLine())) {
                throw new UsageException(file + " is not a partial output's resume file");
            }
            Map<String, String> m = new LinkedHashMap<>();
            String line;
            while ((line = r.readLine()) != null && !line.equals(ROWS)) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    m.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            try {
                return new Fingerprint(m.get("input-sha256").toString(), Long.parseLong(m.get("input-bytes")),
                        Long.parseLong(m.get("input-rows")),
                        URLDecoder.decode(m.get("target-namespace"), StandardCharsets.UTF_8), m.get("type").toString(),
                        m.get("reasons").equals("yes"));
            } catch (RuntimeException e) {
                throw new UsageException(file + " is damaged: its fingerprint cannot be read");
            }
        }
    }

    /**
     * Rewrites the side file to hold the reasons of rows 1 to {@code rows} only: a stopped run may have
     * written reasons for rows that never reached the partial output.
     */
    static void keepThrough(Path file, long rows) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             Writer w = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8))) {
            String line;
            boolean inRows = false;
            while ((line = r.readLine()) != null) {
                if (!inRows) {
                    inRows = line.equals(ROWS);
                    w.write(line + "\n");
                    continue;
                }
                Reason reason = parse(line);
                if (reason != null && reason.row() <= rows) {
                    w.write(line + "\n");
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Reason parse(String line) {
        String[] f = line.split("\t", 4);
        if (f.length != 4 || f[0].isEmpty() || f[0].length() > 18 || !f[0].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return new Reason(Long.parseLong(f[0]), f[1], f[2].equals("1"), f[3]);
    }

    /**
     * Reads the reasons in row order, one row at a time, never further than asked (the run appends to the
     * file while a resumed run's first rows are still being read).
     */
    static final class Reader implements Closeable {
        private final BufferedReader in;
        private Reason next;

        Reader(Path file) throws IOException {
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            String line;
            while ((line = in.readLine()) != null && !line.equals(ROWS)) {
                // the fingerprint
            }
        }

        /** The reason of row {@code row}, or null when the file has none for it. Asked in increasing row order. */
        Reason of(long row) throws IOException {
            while (next == null || next.row() < row) {
                String line = in.readLine();
                if (line == null) {
                    return null;
                }
                next = parse(line);
            }
            if (next.row() != row) {
                return null;
            }
            Reason r = next;
            next = null;
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
