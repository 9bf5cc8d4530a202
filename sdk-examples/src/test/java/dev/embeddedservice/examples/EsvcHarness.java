package dev.embeddedservice.examples;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code esvc} in process, capturing its standard output and error; and, for tests that count
 * what was sent, an emulator of their own that {@code esvc} reaches through its flags as it would the
 * partner's service (the emulator's default AWS credentials through the AWS SDK's system properties).
 */
final class EsvcHarness implements AutoCloseable {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private EmbeddedServiceEmulator emulator;
    private Path licenseKeyFile;

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Esvc.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Starts an emulator of its own; {@link #serviceArgs()} then points esvc at it. */
    EmbeddedServiceEmulator startService(Path dir) throws IOException {
        emulator = EmbeddedServiceEmulator.start();
        licenseKeyFile = Files.writeString(dir.resolve("license.key"), emulator.licenseKey() + "\n");
        System.setProperty("aws.accessKeyId", emulator.awsAccessKeyId());
        System.setProperty("aws.secretAccessKey", emulator.awsSecretAccessKey());
        return emulator;
    }

    /** The flags that reach the emulator of {@link #startService}. */
    List<String> serviceArgs() {
        return new ArrayList<>(List.of("--activation-url", emulator.activationUrl(),
                "--product-code", emulator.productCode(), "--license-key-file", licenseKeyFile.toString(),
                "--endpoint-url", emulator.endpointUrl(), "--region", emulator.region(),
                "--endpoint-name", emulator.endpointName()));
    }

    /** {@code args} followed by {@link #serviceArgs()}. */
    int runOnService(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(serviceArgs());
        return run(all.toArray(String[]::new));
    }

    /** Records the emulator received in InvokeEndpoint calls. */
    long recordsSent() {
        return emulator.journal().recordsReceived();
    }

    /** InvokeEndpoint calls the emulator received. */
    long emulatorInvocations() {
        return emulator.journal().invocationCount();
    }

    @Override
    public void close() {
        TranslateCommand.rowHook = (row, run) -> { };
        if (emulator != null) {
            emulator.close();
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
