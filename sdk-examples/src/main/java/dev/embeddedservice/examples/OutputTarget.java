package dev.embeddedservice.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Where {@code esvc translate} writes, and how, so that writing can never hurt the user:
 * <ul>
 *   <li>{@code -}: standard output.</li>
 *   <li>A regular file (through any symbolic links): rows go to {@code <file>.partial} in the same
 *       directory as the real file, created new, moved over the file only when the run finished. A
 *       run that did not finish keeps the {@code .partial}: it holds complete rows only, and
 *       {@code --resume} continues from it.</li>
 *   <li>Anything else (a character device, a FIFO, {@code /dev/stdout} and the other names of an open
 *       file descriptor): written through, never replaced. A descriptor's regular file is appended
 *       to, as its owner (the shell's {@code >} or {@code >>}) opened it.</li>
 * </ul>
 * The input is never the output: the same file (by file key, through links) is refused.
 */
final class OutputTarget {

    private static final Pattern DESCRIPTOR = Pattern.compile("/dev/std(in|out|err)|/dev/fd/\\d+|/proc/(self|\\d+)/fd/\\d+");
    private static final int MAX_LINKS = 40;

    private final String name;
    private final Path target;       // null for standard output
    private final boolean replace;   // written through .partial and moved into place
    private final boolean append;    // a descriptor's regular file

    private OutputTarget(String name, Path target, boolean replace, boolean append) {
        this.name = name;
        this.target = target;
        this.replace = replace;
        this.append = append;
    }

    /**
     * The output {@code arg} names.
     *
     * @param input the input file, which the output must not be
     * @throws UsageException when it cannot be written or is the input
     */
    static OutputTarget resolve(String arg, Path input) {
        if (arg.equals("-")) {
            requireNotInput(Path.of("/proc/self/fd/1"), input, "standard output");
            return new OutputTarget("standard output", null, false, false);
        }
        Path path = Path.of(arg).toAbsolutePath();
        boolean descriptor = false;
        try {
            for (int hops = 0; ; hops++) {
                descriptor |= DESCRIPTOR.matcher(path.toString()).matches();
                if (!Files.isSymbolicLink(path) || hops == MAX_LINKS) {
                    break;
                }
                path = path.resolveSibling(Files.readSymbolicLink(path));
            }
        } catch (IOException e) {
            throw new UsageException("cannot write output file " + arg + ": " + Esvc.oneLine(e));
        }
        if (Files.isDirectory(path)) {
            throw new UsageException("cannot write output file " + arg + ": it is a directory");
        }
        if (descriptor || Files.exists(path) && !Files.isRegularFile(path)) {
            requireNotInput(path, input, arg);
            return new OutputTarget(arg, path, false, descriptor && Files.isRegularFile(path));
        }
        Path parent = path.getParent();
        if (!Files.isDirectory(parent)) {
            throw new UsageException("cannot write output file " + arg + ": no such directory");
        }
        if (!Files.isWritable(parent)) {
            throw new UsageException("cannot write output file " + arg + ": permission denied");
        }
        Path real;
        try {
            real = parent.toRealPath().resolve(path.getFileName());
        } catch (IOException e) {
            throw new UsageException("cannot write output file " + arg + ": " + Esvc.oneLine(e));
        }
        OutputTarget out = new OutputTarget(arg, real, true, false);
        requireNotInput(real, input, arg);
        requireNotInput(out.partial(), input, out.partial().toString());
        requireNotInput(out.resumeFile(), input, out.resumeFile().toString());
        return out;
    }

    private static void requireNotInput(Path output, Path input, String name) {
        try {
            if (input != null && Files.exists(output) && Files.isSameFile(output, input)) {
                throw new UsageException("--output " + name + " is the input file itself: writing it would destroy "
                        + "the input; choose another --output");
            }
        } catch (IOException e) {
            // cannot tell: /proc is not there, or the file went away; nothing to protect then
        }
    }

    /** The output as the user named it, for messages. */
    String name() {
        return name;
    }

    /** Whether rows go to a {@code .partial} file moved into place at the end (and so a run can resume). */
    boolean viaPartial() {
        return replace;
    }

    /** {@code <output>.partial}, beside the real output file. */
    Path partial() {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** The side file that lets {@code --resume} check and continue the partial output: {@code <output>.partial.resume}. */
    Path resumeFile() {
        return target.resolveSibling(target.getFileName() + ".partial.resume");
    }

    /**
     * Opens the output for writing rows.
     *
     * @param stdout     standard output, for {@code -}
     * @param continuing append to an existing {@code .partial} instead of creating it new
     */
    Writer open(PrintWriter stdout, boolean continuing) throws IOException {
        if (target == null) {
            return new CheckedWriter(stdout);
        }
        OutputStream out;
        if (replace) {
            out = continuing ? Files.newOutputStream(partial(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(partial(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } else {
            out = append ? Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(target, StandardOpenOption.WRITE);
        }
        return new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    /** Moves the finished {@code .partial} over the output (atomically, within its directory). */
    void commit() throws IOException {
        if (replace) {
            Files.move(partial(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A writer that reports the errors a {@link PrintWriter} keeps to itself (a closed pipe). */
    private static final class CheckedWriter extends Writer {
        private final PrintWriter out;

        CheckedWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            out.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            out.write(s, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (out.checkError()) { // flushes, then tells whether anything failed
                throw new IOException("standard output is closed");
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // standard output stays open
        }
    }
}
