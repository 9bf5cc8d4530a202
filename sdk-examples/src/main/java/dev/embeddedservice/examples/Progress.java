package dev.embeddedservice.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** The progress bar of a long run, on standard error, drawn only when that is a terminal. */
final class Progress {

    private Progress() {
    }

    /** A bar over {@code inputBytes}, or null when standard error is not a terminal or the input is empty. */
    static ProgressBar bar(long inputBytes) {
        return isTerminal() && inputBytes > 0 ? new ProgressBarBuilder()
                .setTaskName("Translating")
                .setInitialMax(inputBytes)
                .setUnit(" KiB", 1024)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build() : null;
    }

    /** Whether standard error is a terminal. */
    static boolean isTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux: fall back to the console check below
        }
        return System.console() != null;
    }
}
