package dev.embeddedservice.examples;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads text lines from bytes, decoding UTF-8 strictly and never repairing it (protocol §2). A byte
 * that is not part of a well-formed UTF-8 sequence becomes the lone surrogate {@code U+DC00 + byte}
 * (U+DC80–U+DCFF: PEP 383's "surrogateescape"), so two different ill-formed lines stay different, the
 * SDK refuses the value as not well-formed text, and {@link #wellFormed()} says so. Valid UTF-8 never
 * decodes to a lone surrogate (CESU-8 surrogates are ill-formed here), so a lone surrogate in a line
 * always comes from a bad byte.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}; the terminator is not part of the line.
 * A UTF-8 byte order mark at the start of the input is skipped. A line longer than
 * {@value #MAX_LINE_BYTES} bytes is refused, so memory stays bounded whatever the input.
 */
final class Utf8Lines implements Closeable {

    /** The longest line read, in bytes (1 MiB). */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private long lineNumber;
    private volatile long bytesRead;
    private boolean wellFormed = true;

    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /**
     * The next line, decoded, or {@code null} at the end of the input.
     *
     * @throws InputFormatException when the line is longer than {@value #MAX_LINE_BYTES} bytes
     */
    String readLine() throws IOException {
        int len = 0;
        long consumed = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            byte b = buf[pos++];
            consumed++;
            any = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if ((pos < limit || fill()) && buf[pos] == '\n') {
                    pos++;
                    consumed++;
                }
                break;
            }
            if (len == line.length) {
                if (len == MAX_LINE_BYTES) {
                    throw new InputFormatException("line " + (lineNumber + 1) + " is longer than "
                            + (MAX_LINE_BYTES >> 20) + " MiB");
                }
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, len * 2));
            }
            line[len++] = b;
        }
        lineNumber++;
        bytesRead += consumed;
        int start = lineNumber == 1 && len >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
                && line[2] == (byte) 0xBF ? 3 : 0;
        return decode(line, start, len);
    }

    /** Whether the last line read was valid UTF-8. */
    boolean wellFormed() {
        return wellFormed;
    }

    /** The 1-based number of the last line read. */
    long lineNumber() {
        return lineNumber;
    }

    /** Bytes of input consumed by the lines read so far (for a progress bar; any thread may read it). */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private String decode(byte[] b, int start, int end) {
        int i = start;
        while (i < end && b[i] >= 0) {
            i++;
        }
        wellFormed = true;
        if (i == end) {
            return new String(b, start, end - start, StandardCharsets.ISO_8859_1); // ASCII: the common case
        }
        char[] out = new char[end - start]; // UTF-8 never gives more UTF-16 units than bytes, nor does an escape
        int n = 0;
        for (int k = start; k < i; k++) {
            out[n++] = (char) b[k];
        }
        while (i < end) {
            int b0 = b[i] & 0xFF;
            int need = b0 < 0x80 ? 0 : b0 >= 0xC2 && b0 <= 0xDF ? 1 : b0 >= 0xE0 && b0 <= 0xEF ? 2
                    : b0 >= 0xF0 && b0 <= 0xF4 ? 3 : -1;
            int cp = need == 0 ? b0 : need == 1 ? b0 & 0x1F : need == 2 ? b0 & 0x0F : b0 & 0x07;
            if (need > 0 && i + need < end && continuationsOk(b, i, need)) {
                for (int k = 1; k <= need; k++) {
                    cp = (cp << 6) | (b[i + k] & 0x3F);
                }
                n += Character.toChars(cp, out, n);
                i += need + 1;
            } else if (need == 0) {
                out[n++] = (char) b0;
                i++;
            } else {
                out[n++] = (char) (0xDC00 | b0); // surrogateescape: one lone surrogate per undecodable byte
                wellFormed = false;
                i++;
            }
        }
        return new String(out, 0, n);
    }

    /** Unicode Table 3-7: the second byte's range depends on the first; the others are 80..BF. */
    private static boolean continuationsOk(byte[] b, int i, int need) {
        int b0 = b[i] & 0xFF;
        int lo = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
        int hi = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
        int b1 = b[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return false;
        }
        for (int k = 2; k <= need; k++) {
            int bk = b[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return false;
            }
        }
        return true;
    }
}
