package dev.embeddedservice.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} (moto's standalone AWS mock, a Python package these machines have) on a free
 * loopback port, for tests of real AWS SDK calls. It fails loudly, never skips, when the program is
 * missing: CI must have it.
 */
final class MotoServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one and returns once it says it is listening. */
    static MotoServer start() {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("moto_server is required by this test and could not be started "
                    + "(moto 5.x, Python): " + e.getMessage(), e);
        }
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        try {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                seen.append(line).append('\n');
                if (line.contains("Running on http://127.0.0.1:" + port)) {
                    drain(output);
                    return new MotoServer(process, port);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        }
        process.destroyForcibly();
        throw new AssertionError("moto_server ended before it listened:\n" + seen);
    }

    /** Keeps reading its output, so that a full pipe never blocks it. */
    private static void drain(BufferedReader output) {
        Thread drainer = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // it ended
            }
        }, "moto-output");
        drainer.setDaemon(true);
        drainer.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
