package dev.embeddedservice.examples;

import dev.embeddedservice.Identifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads identifiers from text, one at a time: either one identifier per line of a given type
 * (blank lines skipped), or a CSV whose header has the columns {@code type,value}. A file whose
 * first non-blank line has a comma is read as CSV. Lines are pulled only as the iterator is
 * advanced, so input larger than memory streams through.
 */
final class IdentifierInput implements Iterator<Identifier> {

    private final BufferedReader reader;
    private final String plainType;
    private int typeColumn = -1;
    private int valueColumn = -1;
    private long lineNumber;
    private Identifier next;
    private String pendingFirstLine;

    /**
     * @param plainType the type of every line of a plain file (email, phone, maid, email_sha256,
     *                  phone_sha256, custom)
     */
    IdentifierInput(BufferedReader reader, String plainType) {
        this.reader = reader;
        this.plainType = plainType;
        String first = readNonBlank();
        if (first != null && first.indexOf(',') >= 0) {
            List<String> header = CsvLine.parse(first);
            for (int i = 0; i < header.size(); i++) {
                String column = header.get(i).trim().toLowerCase(Locale.ROOT);
                if (column.equals("type") && typeColumn < 0) {
                    typeColumn = i;
                } else if (column.equals("value") && valueColumn < 0) {
                    valueColumn = i;
                }
            }
            if (typeColumn < 0 || valueColumn < 0) {
                throw new InputFormatException("line " + lineNumber + ": a CSV input needs a header with the columns "
                        + "type,value (found: " + String.join(",", header) + ")");
            }
        } else {
            pendingFirstLine = first;
        }
    }

    boolean isCsv() {
        return typeColumn >= 0;
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
        if (pendingFirstLine != null) {
            line = pendingFirstLine;
            pendingFirstLine = null;
        } else {
            line = readNonBlank();
        }
        if (line == null) {
            return null;
        }
        if (!isCsv()) {
            return identifier(plainType, line.strip());
        }
        List<String> fields = CsvLine.parse(line);
        String type = typeColumn < fields.size() ? fields.get(typeColumn).trim() : "";
        String value = valueColumn < fields.size() ? fields.get(valueColumn) : "";
        if (type.isEmpty()) {
            throw new InputFormatException("line " + lineNumber + ": the type column is empty");
        }
        return identifier(type, value);
    }

    private Identifier identifier(String type, String value) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "email" -> Identifier.email(value);
            case "phone" -> Identifier.phone(value);
            case "maid" -> Identifier.maid(value);
            case "email_sha256" -> Identifier.emailSha256(value);
            case "phone_sha256" -> Identifier.phoneSha256(value);
            case "custom" -> Identifier.custom(value);
            default -> throw new InputFormatException("line " + lineNumber + ": unknown type '" + printable(type)
                    + "' (expected one of " + String.join(", ", TYPES) + ")");
        };
    }

    static final List<String> TYPES = List.of("email", "phone", "maid", "email_sha256", "phone_sha256", "custom");

    private String readNonBlank() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input at line " + (lineNumber + 1), e);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A minimal RFC 4180 field splitter for one line: commas, double quotes, doubled quotes. */
    static final class CsvLine {
        private CsvLine() {
        }

        static List<String> parse(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    field.setLength(0);
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
