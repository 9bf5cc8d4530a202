package dev.embeddedservice.examples;

import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads identifiers from text, one at a time: either one identifier per line of a given type
 * (blank lines skipped), or a CSV whose header has the columns {@code type,value}. A file whose
 * first non-blank line has a comma is read as CSV. Lines are pulled only as the iterator is
 * advanced, so input larger than memory streams through.
 *
 * <p>A line that is not valid UTF-8 is never repaired (protocol §2): its identifier holds the
 * undecodable bytes as lone surrogates (see {@link Utf8Lines}), so the SDK answers it
 * {@code INVALID} without sending it, and {@link #illFormed(long)} tells the writer which rows those
 * are, so their reason can say "not valid UTF-8". In a CSV the whole line counts: bad bytes in any
 * column make the row invalid.
 *
 * <p>Structural errors (a CSV header without {@code type,value}, an empty or unknown type, an
 * unterminated quote, an overlong line) throw {@link InputFormatException} naming the line.
 */
final class IdentifierInput implements Iterator<Identifier> {

    static final List<String> TYPES = List.of("email", "phone", "maid", "email_sha256", "phone_sha256", "custom");

    /** Why a row whose line is not valid UTF-8 is {@code INVALID}. */
    static final String NOT_UTF8 = "not valid UTF-8";

    private final Utf8Lines lines;
    private final IdentifierType plainType;
    private final Queue<Long> illFormedRows;
    private long untrackedThrough;
    private int typeColumn = -1;
    private int valueColumn = -1;
    private long rows;
    private Identifier next;
    private String pendingFirstLine;
    private boolean pendingFirstLineWellFormed;

    /**
     * @param plainType      the type of every line of a plain file
     * @param trackIllFormed whether to remember ill-formed rows for {@link #illFormed(long)} (not in a pre-pass,
     *                       where nobody asks)
     */
    IdentifierInput(Utf8Lines lines, IdentifierType plainType, boolean trackIllFormed) {
        this.lines = lines;
        this.plainType = plainType;
        this.illFormedRows = trackIllFormed ? new ConcurrentLinkedQueue<>() : null;
        String first = readNonBlank();
        if (first != null && first.indexOf(',') >= 0) {
            List<String> header = CsvLine.parse(first, lines.lineNumber());
            for (int i = 0; i < header.size(); i++) {
                String column = header.get(i).trim().toLowerCase(Locale.ROOT);
                if (column.equals("type") && typeColumn < 0) {
                    typeColumn = i;
                } else if (column.equals("value") && valueColumn < 0) {
                    valueColumn = i;
                }
            }
            if (typeColumn < 0 || valueColumn < 0) {
                throw new InputFormatException("line " + lines.lineNumber() + ": a CSV input needs a header with the "
                        + "columns type,value (found: " + printable(String.join(",", header)) + ")");
            }
        } else {
            pendingFirstLine = first;
            pendingFirstLineWellFormed = lines.wellFormed();
        }
    }

    /** The type named {@code name}, as {@code --type} and the type column take it. */
    static IdentifierType type(String name) {
        try {
            return IdentifierType.fromName(name);
        } catch (InvalidConfigurationException e) {
            return null;
        }
    }

    boolean isCsv() {
        return typeColumn >= 0;
    }

    /** Identifiers handed out so far. */
    long rows() {
        return rows;
    }

    /** Rows up to {@code row} are not remembered as ill-formed (a resumed run does not write them again). */
    void untrackThrough(long row) {
        untrackedThrough = row;
    }

    /**
     * Whether row {@code row}'s line was not valid UTF-8. Asked for rows in increasing order, as they are
     * written; any thread may ask.
     */
    boolean illFormed(long row) {
        if (illFormedRows == null) {
            return false;
        }
        Long head;
        while ((head = illFormedRows.peek()) != null && head < row) {
            illFormedRows.poll();
        }
        return head != null && head == row;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Identifier next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Identifier id = next;
        next = null;
        return id;
    }

    private Identifier read() {
        String line;
        boolean wellFormed;
        if (pendingFirstLine != null) {
            line = pendingFirstLine;
            wellFormed = pendingFirstLineWellFormed;
            pendingFirstLine = null;
        } else {
            line = readNonBlank();
            wellFormed = lines.wellFormed();
        }
        if (line == null) {
            return null;
        }
        Identifier id;
        if (!isCsv()) {
            id = Identifier.of(plainType, line.strip());
        } else {
            List<String> fields = CsvLine.parse(line, lines.lineNumber());
            String typeName = typeColumn < fields.size() ? fields.get(typeColumn).trim() : "";
            if (typeName.isEmpty()) {
                throw new InputFormatException("line " + lines.lineNumber() + ": the type column is empty");
            }
            IdentifierType type = type(typeName);
            if (type == null) {
                throw new InputFormatException("line " + lines.lineNumber() + ": unknown type '" + printable(typeName)
                        + "' (expected one of " + String.join(", ", TYPES) + ")");
            }
            String value = valueColumn < fields.size() ? fields.get(valueColumn) : "";
            // Bad bytes outside the value column still make the line ill-formed: the whole line stands in for
            // the value then, so the SDK refuses it as it refuses any ill-formed text, and nothing is sent.
            id = Identifier.of(type, wellFormed ? value : line);
        }
        rows++;
        if (!wellFormed && illFormedRows != null && rows > untrackedThrough) {
            illFormedRows.add(rows);
        }
        return id;
    }

    private String readNonBlank() {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input at line " + (lines.lineNumber() + 1), e);
        }
    }

    /** Text safe to show in a one-line message: cut short, control characters and bad bytes as '?'. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
    }
}
