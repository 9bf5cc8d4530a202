package dev.embeddedservice.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Where the test suite's output is kept for {@link NoSecretLeakedTest} to scan: every log line of
 * every level of the SDK's loggers ({@code log.txt}, written by logback, see
 * {@code logback-test.xml}), everything printed to the console ({@code console.txt}), the
 * exceptions tests threw ({@code test-exceptions.txt}, by {@link RecordThrownExceptions}), and
 * the messages, stack traces, reasons and {@code toString}s {@link ErrorPathSecretsTest} collects
 * ({@code error-paths.txt}). One JVM run, one set of files: they are emptied when this class loads
 * (logback empties its own when it starts).
 */
final class LeakScan {

    static final Path DIR = Path.of("target", "leak-scan");
    static final Path LOG = DIR.resolve("log.txt");
    static final Path CONSOLE = DIR.resolve("console.txt");
    static final Path TEST_EXCEPTIONS = DIR.resolve("test-exceptions.txt");
    static final Path ERROR_PATHS = DIR.resolve("error-paths.txt");

    static {
        try {
            Files.createDirectories(DIR);
            try (Stream<Path> files = Files.list(DIR)) {
                for (Path f : files.toList()) {
                    if (!f.equals(LOG)) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
    }

    private LeakScan() {
    }

    /** Loads this class: from now on the console is kept too. */
    static void start() {
    }

    static synchronized void append(Path file, String text) {
        try {
            Files.writeString(file, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An exception as anyone could see it: toString, message, and the stack trace with every cause. */
    static String describe(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return t + "\nmessage: " + t.getMessage() + "\n" + trace;
    }

    private static PrintStream tee(PrintStream console) {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                console.write(b, off, len);
                synchronized (LeakScan.class) {
                    try {
                        Files.write(CONSOLE, Arrays.copyOfRange(b, off, off + len),
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void flush() {
                console.flush();
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
