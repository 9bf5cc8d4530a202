package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, points 2 and 4 through {@code esvc}: a line that is not valid UTF-8 is INVALID and never
 * sent; structural input errors are found before anything is sent, wherever they are in the file.
 */
class EsvcInputTest {

    @TempDir
    Path dir;

    private final EsvcHarness esvc = new EsvcHarness();

    @AfterEach
    void close() {
        esvc.close();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void latin1LinesAreInvalidNotValidUtf8NeverSentAndKeepTheirRows() throws Exception {
        esvc.startService(dir);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a BOM: not part of the first email
        in.writeBytes("first@example.com\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(latin1("jos\u00e9@example.com\n"));      // two Latin-1 emails that U+FFFD would make equal
        in.writeBytes(latin1("ren\u00e9@example.com\n"));
        in.writeBytes("jos\u00e9@example.com\n".getBytes(StandardCharsets.UTF_8)); // the same email in UTF-8: valid
        in.writeBytes(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '@', 'x', '.', 'o', 'r', 'g', '\n'});
        in.writeBytes("last@example.com\n".getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("mixed.txt"), in.toByteArray());
        Path output = dir.resolve("out.csv");

        int code = esvc.runOnService("translate", "--input", input.toString(), "--output", output.toString(),
                "--reasons", "--target-namespace", "acme");

        assertThat(code).as(esvc.err.toString()).isZero();
        assertThat(Files.readAllLines(output)).containsExactly(
                "row,type,status,translated_id,reason",
                ProtocolReference.emailRow(1, "acme", "first@example.com") + ",",
                "2,EMAIL_SHA256,INVALID,,not valid UTF-8",
                "3,EMAIL_SHA256,INVALID,,not valid UTF-8",
                "4,EMAIL_SHA256," + ProtocolReference.answer("acme", "EMAIL_SHA256",
                        ProtocolReference.sha256("jos\u00e9@example.com")) + ",",
                "5,EMAIL_SHA256,INVALID,,not valid UTF-8", // an encoded surrogate (CESU-8) is not UTF-8 either
                ProtocolReference.emailRow(6, "acme", "last@example.com") + ",");
        assertThat(esvc.recordsSent()).as("only the three valid emails are sent").isEqualTo(3);
    }

    @Test
    void withoutReasonsTheFourColumnsStayAndTheRowIsStillInvalid() throws Exception {
        Path input = Files.write(dir.resolve("in.txt"), latin1("fran\u00e7ois@example.com\nok@example.com\n"));
        Path output = dir.resolve("out.csv");

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", output.toString()))
                .as(esvc.err.toString()).isZero();

        assertThat(Files.readAllLines(output)).containsExactly("row,type,status,translated_id",
                "1,EMAIL_SHA256,INVALID,", ProtocolReference.emailRow(2, "default", "ok@example.com"));
    }

    @Test
    void aCsvLineWithBadBytesInAnyColumnIsInvalidForItsOwnType() throws Exception {
        esvc.startService(dir);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("type,value,note\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(latin1("email,a@example.com,M\u00fcller\n"));
        in.writeBytes(latin1("custom,partner-\u00e9,\n"));
        in.writeBytes("custom,partner-\u00e9,\n".getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("in.csv"), in.toByteArray());
        Path output = dir.resolve("out.csv");

        assertThat(esvc.runOnService("translate", "--input", input.toString(), "--output", output.toString(),
                "--reasons")).as(esvc.err.toString()).isZero();

        assertThat(Files.readAllLines(output)).containsExactly("row,type,status,translated_id,reason",
                "1,EMAIL_SHA256,INVALID,,not valid UTF-8",
                "2,CUSTOM,INVALID,,not valid UTF-8",
                "3,CUSTOM," + ProtocolReference.answer("default", "CUSTOM", "partner-\u00e9") + ",");
        assertThat(esvc.recordsSent()).isEqualTo(1);
    }

    @Test
    void anUnknownTypeFarIntoTheFileIsFoundBeforeAnythingIsSent() throws Exception {
        esvc.startService(dir);
        List<String> lines = new ArrayList<>(List.of("type,value"));
        for (int i = 0; i < 12_000; i++) {
            lines.add("email,person" + i + "@example.com");
        }
        lines.add("fax,+1 202 555 0143"); // line 12,002: after a dozen batches' worth of rows
        Path input = Files.write(dir.resolve("in.csv"), lines);
        Path output = dir.resolve("out.csv");

        int code = esvc.runOnService("translate", "--input", input.toString(), "--output", output.toString());

        assertThat(code).isEqualTo(2);
        assertThat(esvc.err.toString()).contains(input + ": line 12002: unknown type 'fax'");
        assertThat(esvc.emulatorInvocations()).as("nothing sent, nothing billed").isZero();
        assertThat(output).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("in.csv", "license.key");
        }
    }

    @Test
    void anUnterminatedQuoteIsFoundBeforeAnythingIsSent() throws Exception {
        esvc.startService(dir);
        List<String> lines = new ArrayList<>(List.of("type,value"));
        for (int i = 0; i < 5_000; i++) {
            lines.add("email,\"person" + i + "@example.com\"");
        }
        lines.add("email,\"broken@example.com");
        Path input = Files.write(dir.resolve("in.csv"), lines);

        int code = esvc.runOnService("translate", "--input", input.toString(), "--output",
                dir.resolve("out.csv").toString());

        assertThat(code).isEqualTo(2);
        assertThat(esvc.err.toString()).contains("line 5002: a quoted field is not closed on its line");
        assertThat(esvc.emulatorInvocations()).isZero();
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aCsvWithoutTheTypeValueHeaderIsFoundBeforeAnythingIsSent() throws Exception {
        esvc.startService(dir);
        Path input = Files.write(dir.resolve("in.csv"), List.of("kind,value", "email,a@example.com"));

        assertThat(esvc.runOnService("translate", "--input", input.toString(), "--output",
                dir.resolve("out.csv").toString())).isEqualTo(2);

        assertThat(esvc.err.toString()).contains("line 1: a CSV input needs a header with the columns type,value");
        assertThat(esvc.emulatorInvocations()).isZero();
    }

    @Test
    void aBomBeforeACsvHeaderIsNotPartOfIt() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        in.writeBytes("type,value\r\nemail,a@example.com\r\n".getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("in.csv"), in.toByteArray());
        Path output = dir.resolve("out.csv");

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", output.toString()))
                .as(esvc.err.toString()).isZero();

        assertThat(Files.readAllLines(output)).containsExactly("row,type,status,translated_id",
                ProtocolReference.emailRow(1, "default", "a@example.com"));
    }
}
