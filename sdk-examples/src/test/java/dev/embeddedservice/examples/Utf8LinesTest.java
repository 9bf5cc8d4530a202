package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Lines} against two independent references: the JDK's strict UTF-8 decoder (a line it
 * accepts decodes to the same text and is well-formed; a line it refuses is not), and PEP 383's
 * defining property (undecodable bytes become U+DC80–U+DCFF, and encoding back gives the bytes).
 */
class Utf8LinesTest {

    private static String only(byte[] line) throws IOException {
        Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(line));
        return lines.readLine();
    }

    /** PEP 383's encoder: a lone U+DC80–U+DCFF is its byte, everything else UTF-8. */
    private static byte[] surrogateEscapeEncode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                out.write(c - 0xDC00);
            } else if (Character.isHighSurrogate(c)) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Test
    void randomLinesDecodeAsTheJdkDoesWhenValidAndRoundTripWhenNot() throws IOException {
        Random random = new Random(20261201L);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
                "\u20ac".getBytes(StandardCharsets.UTF_8), "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xE9}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}, {(byte) 0x80}};
        int valid = 0;
        int invalid = 0;
        for (int n = 0; n < 20_000; n++) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int length = 1 + random.nextInt(8);
            for (int k = 0; k < length; k++) {
                line.writeBytes(random.nextInt(3) == 0 ? new byte[] {(byte) random.nextInt(256)}
                        : pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = line.toByteArray();
            if (indexOf(bytes, (byte) '\n') >= 0 || indexOf(bytes, (byte) '\r') >= 0
                    || bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                    && (bytes[2] & 0xFF) == 0xBF) {
                continue; // a line of its own input: a BOM would be skipped (tested below)
            }
            Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(bytes));
            String decoded = lines.readLine();
            String strict = strictDecode(bytes);
            if (strict != null) {
                valid++;
                assertThat(lines.wellFormed()).isTrue();
                assertThat(decoded).isEqualTo(strict);
            } else {
                invalid++;
                assertThat(lines.wellFormed()).as("line %d", n).isFalse();
                assertThat(surrogateEscapeEncode(decoded)).as("line %d round-trips", n).isEqualTo(bytes);
            }
        }
        assertThat(valid).isGreaterThan(1_000);
        assertThat(invalid).isGreaterThan(1_000);
    }

    @Test
    void eachUndecodableByteIsOneLoneSurrogate() throws IOException {
        assertThat(only(new byte[] {'j', 'o', 's', (byte) 0xE9, '@', 'x'})).isEqualTo("jos\uDCE9@x");
        assertThat(only(new byte[] {(byte) 0xE2, (byte) 0x82, 'A'})).isEqualTo("\uDCE2\uDC82A");
        assertThat(only(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo("\uDCED\uDCA0\uDC80");
    }

    @Test
    void aBomIsSkippedAtTheStartOfTheInputOnly() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(bom);
        in.writeBytes("a\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(bom);
        in.writeBytes("b\r\nc\rd".getBytes(StandardCharsets.UTF_8));
        Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(in.toByteArray()));
        assertThat(lines.readLine()).isEqualTo("a");
        assertThat(lines.readLine()).isEqualTo("\uFEFFb");
        assertThat(lines.readLine()).isEqualTo("c");
        assertThat(lines.readLine()).isEqualTo("d");
        assertThat(lines.readLine()).isNull();
        assertThat(lines.bytesRead()).isEqualTo(in.size());
    }

    @Test
    void aLineLongerThanOneMebibyteIsAnInputError() {
        byte[] big = new byte[Utf8Lines.MAX_LINE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> only(big)).isInstanceOf(InputFormatException.class)
                .hasMessage("line 1 is longer than 1 MiB");
    }

    private static String strictDecode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
