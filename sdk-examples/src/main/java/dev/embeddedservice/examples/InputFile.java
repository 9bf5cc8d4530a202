package dev.embeddedservice.examples;

import dev.embeddedservice.IdentifierType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * The input of {@code esvc translate}: the file {@code --input} names, or standard input
 * ({@code --input -}) copied to a temporary file first, so that both can be read twice: once by
 * {@link #check} before anything is sent, to find structural errors and count and fingerprint the
 * identifiers, then once to translate them. The copy is readable by its owner only and deleted by
 * {@link #close()}.
 */
final class InputFile implements AutoCloseable {

    /** What the pre-pass found: identifiers, bytes, the SHA-256 of the bytes, and whether it is a CSV. */
    record Facts(long rows, long bytes, String sha256, boolean csv) {
    }

    private final Path path;
    private final String name;
    private final boolean copy;

    private InputFile(Path path, String name, boolean copy) {
        this.path = path;
        this.name = name;
        this.copy = copy;
    }

    /**
     * The input {@code arg} names; {@code -} copies {@code stdin} to a temporary file.
     *
     * @throws UsageException when the file cannot be read
     */
    static InputFile open(String arg, InputStream stdin) throws IOException {
        if (arg.equals("-")) {
            Path copy = Files.createTempFile("esvc-stdin-", ".tmp"); // owner-only on POSIX: it holds personal data
            copy.toFile().deleteOnExit(); // should a signal come while copying, before a run can delete it
            try {
                Files.copy(stdin, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
            return new InputFile(copy, "standard input", true);
        }
        Path path = Path.of(arg);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException("cannot read input file " + arg
                    + (Files.exists(path) ? (Files.isDirectory(path) ? ": it is a directory" : ": permission denied")
                    : ": no such file"));
        }
        return new InputFile(path, arg, false);
    }

    /** The file read: the input itself, or the copy of standard input. */
    Path path() {
        return path;
    }

    /** The input as the user named it, for messages. */
    String name() {
        return name;
    }

    /** Whether this is a copy of standard input. */
    boolean isCopy() {
        return copy;
    }

    /**
     * The pre-pass: reads every line as the translation will, without sending anything.
     *
     * @param stop checked per row: when it says so, the pre-pass ends with {@link Interruption.Interrupted}
     * @throws InputFormatException at the first structural error
     */
    Facts check(IdentifierType plainType, BooleanSupplier stop) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha256);
             Utf8Lines lines = new Utf8Lines(in)) {
            IdentifierInput ids = new IdentifierInput(lines, plainType, false);
            long rows = 0;
            while (ids.hasNext()) {
                ids.next();
                rows++;
                if ((rows & 1023) == 0 && stop.getAsBoolean()) {
                    throw new Interruption.Interrupted();
                }
            }
            return new Facts(rows, lines.bytesRead(), HexFormat.of().formatHex(sha256.digest()), ids.isCsv());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The lines, for the translation. */
    Utf8Lines lines() throws IOException {
        return new Utf8Lines(Files.newInputStream(path));
    }

    /** Deletes the copy of standard input, if this is one. */
    @Override
    public void close() {
        if (copy) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // best effort: it is in the temporary directory
            }
        }
    }
}
