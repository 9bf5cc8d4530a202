package dev.embeddedservice.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RFC 4180 field splitter for one line: commas, double quotes, doubled quotes. A quoted
 * field must end on its line: quoted line breaks are not supported, so an unterminated quote is an
 * input error rather than a guess at where the field ends.
 */
final class CsvLine {

    private CsvLine() {
    }

    /**
     * The fields of {@code line}.
     *
     * @throws InputFormatException when a quoted field is not closed on the line
     */
    static List<String> parse(String line, long lineNumber) {
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
        if (quoted) {
            throw new InputFormatException("line " + lineNumber + ": a quoted field is not closed on its line "
                    + "(an unterminated quote; quoted line breaks are not supported)");
        }
        fields.add(field.toString());
        return fields;
    }
}
