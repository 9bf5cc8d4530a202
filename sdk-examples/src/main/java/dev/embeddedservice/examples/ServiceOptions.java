package dev.embeddedservice.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags that say which partner service and SageMaker endpoint a command talks to, shared by
 * {@code esvc translate} and {@code esvc proxy} (a picocli mixin). Without {@code --activation-url}
 * (or {@code EMBEDDED_SERVICE_ACTIVATION_URL}) the commands run on the embedded emulator.
 */
final class ServiceOptions {

    @Option(names = "--activation-url", paramLabel = "URL", description = "The partner's activation service.")
    String activationUrl;

    @Option(names = "--product-code", paramLabel = "CODE", description = "The AWS Marketplace product code.")
    String productCode;

    @Option(names = "--license-key-file", paramLabel = "FILE",
            description = "A file holding the license key, when the partner issues one.")
    Path licenseKeyFile;

    @Option(names = "--license-key", paramLabel = "KEY",
            description = "The license key. Visible to every user in the process list: prefer --license-key-file "
                    + "or EMBEDDED_SERVICE_LICENSE_KEY.")
    String licenseKey;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "SageMaker Runtime endpoint override.")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region of the SageMaker endpoint.")
    String region;

    @Option(names = "--endpoint-name", paramLabel = "NAME", description = "SageMaker endpoint name.")
    String endpointName;

    /** The flag the license key comes from, or null. */
    String licenseKeyFlag() {
        return licenseKeyFile != null ? "--license-key-file" : licenseKey != null ? "--license-key" : null;
    }

    /**
     * The license key from {@code --license-key-file} or {@code --license-key} (with a warning), or null for
     * the environment's.
     *
     * @throws UsageException when both are given, or the file cannot be read or is empty
     */
    String licenseKey(PrintWriter err) {
        if (licenseKeyFile != null && licenseKey != null) {
            throw new UsageException("give --license-key-file or --license-key, not both");
        }
        if (licenseKey != null) {
            err.println("esvc: warning: --license-key is visible to every user of this machine in the process list; "
                    + "use --license-key-file FILE or EMBEDDED_SERVICE_LICENSE_KEY instead");
            return licenseKey;
        }
        if (licenseKeyFile == null) {
            return null;
        }
        String key;
        try {
            key = Files.readString(licenseKeyFile, StandardCharsets.UTF_8).strip();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("cannot read --license-key-file " + licenseKeyFile + ": "
                    + (Files.exists(licenseKeyFile) ? (Files.isDirectory(licenseKeyFile) ? "it is a directory"
                    : "permission denied or not text") : "no such file"));
        }
        if (key.isEmpty()) {
            throw new UsageException("--license-key-file " + licenseKeyFile + " is empty");
        }
        return key;
    }
}
