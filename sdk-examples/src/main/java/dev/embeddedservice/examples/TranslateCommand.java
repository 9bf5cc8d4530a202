package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.StreamAbortedException;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code esvc translate}: streams identifiers from a file through the embedded service and
 * writes one CSV row per identifier, in input order.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Translates identifiers into a target namespace.",
                "Input: one identifier per line of --type, or a CSV with the columns type,value.",
                "Output: CSV row,type,status,translated_id, one row per identifier, in input order.",
                "Without --activation-url (or EMBEDDED_SERVICE_ACTIVATION_URL) it runs on the embedded emulator."})
final class TranslateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Identifiers to translate.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the CSV results.")
    Path output;

    @Option(names = "--type", defaultValue = "email", paramLabel = "TYPE",
            description = "Type of a plain input's lines: email, phone, maid, email_sha256, phone_sha256, custom "
                    + "(default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--target-namespace", defaultValue = "default", paramLabel = "NS",
            description = "Namespace to translate into (default: ${DEFAULT-VALUE}).")
    String targetNamespace;

    @Option(names = "--activation-url", paramLabel = "URL", description = "The partner's activation service.")
    String activationUrl;

    @Option(names = "--product-code", paramLabel = "CODE", description = "The AWS Marketplace product code.")
    String productCode;

    @Option(names = "--license-key", paramLabel = "KEY", description = "The license key, when the partner issues one.")
    String licenseKey;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "SageMaker Runtime endpoint override.")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region of the SageMaker endpoint.")
    String region;

    @Option(names = "--endpoint-name", paramLabel = "NAME", description = "SageMaker endpoint name.")
    String endpointName;

    @Option(names = "--concurrency", paramLabel = "N", description = "Batches in flight at once.")
    Integer concurrency;

    /** Set once every input has its row in the output. */
    private boolean complete;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String plainType = type.toLowerCase(Locale.ROOT);
        if (!IdentifierInput.TYPES.contains(plainType)) {
            err.println("esvc: --type must be one of " + String.join(", ", IdentifierInput.TYPES) + ", was '" + type + "'");
            return Esvc.EXIT_USAGE;
        }
        if (concurrency != null && concurrency < 1) {
            err.println("esvc: --concurrency must be at least 1");
            return Esvc.EXIT_USAGE;
        }
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            err.println("esvc: cannot read input file " + input
                    + (Files.exists(input) ? (Files.isDirectory(input) ? ": it is a directory" : ": permission denied")
                    : ": no such file"));
            return Esvc.EXIT_USAGE;
        }
        Path target = output.toAbsolutePath();
        Path temp;
        try {
            if (Files.isDirectory(target)) {
                err.println("esvc: cannot write output file " + output + ": it is a directory");
                return Esvc.EXIT_USAGE;
            }
            // Written beside the output and moved over it at the end; created like any new file, so the
            // user's umask decides its permissions, as it would for the output itself.
            temp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime())
                    + ".partial");
            Files.createFile(temp);
        } catch (NoSuchFileException | AccessDeniedException e) {
            err.println("esvc: cannot write output file " + output + ": "
                    + (e instanceof AccessDeniedException ? "permission denied" : "no such directory"));
            return Esvc.EXIT_USAGE;
        } catch (IOException e) {
            err.println("esvc: cannot write output file " + output + ": " + Esvc.oneLine(e));
            return Esvc.EXIT_USAGE;
        }
        try {
            int code = translate(temp, plainType, err);
            if (complete) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return code;
        } catch (IOException e) {
            err.println("esvc: cannot write output file " + output + ": " + Esvc.oneLine(e));
            return Esvc.EXIT_FAILED;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover partial file is named as such
            }
        }
    }

    private int translate(Path temp, String plainType, PrintWriter err) throws IOException {
        String url = activationUrl != null ? activationUrl : System.getenv(ActivationConfig.ENV_ACTIVATION_URL);
        EmbeddedServiceEmulator emulator = null;
        try {
            EmbeddedServiceClient.Builder builder = EmbeddedServiceClient.builder().targetNamespace(targetNamespace);
            if (url == null || url.isBlank()) {
                emulator = EmbeddedServiceEmulator.start();
                err.println("esvc: no --activation-url given: running on the embedded emulator at "
                        + emulator.endpointUrl() + " (no AWS account needed)");
                builder.activationConfig(ActivationConfig.builder()
                                .activationUrl(emulator.activationUrl())
                                .productCode(emulator.productCode())
                                .licenseKey(emulator.licenseKey())
                                .build())
                        .endpointOverride(URI.create(emulator.endpointUrl()))
                        .region(emulator.region())
                        .endpointName(emulator.endpointName())
                        // the emulator's own credentials: it verifies their signature as SageMaker would
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                emulator.awsAccessKeyId(), emulator.awsSecretAccessKey())));
            } else {
                builder.activationConfig(ActivationConfig.builder()
                        .activationUrl(url)
                        .productCode(productCode)
                        .licenseKey(licenseKey)
                        .build());
                if (endpointUrl != null) {
                    builder.endpointOverride(URI.create(endpointUrl));
                }
                if (region != null) {
                    builder.region(region);
                }
                if (endpointName != null) {
                    builder.endpointName(endpointName);
                }
            }
            if (concurrency != null) {
                builder.maxConcurrency(concurrency);
            }
            try (EmbeddedServiceClient client = builder.build()) {
                return run(client, temp, plainType, err);
            }
        } catch (InputFormatException e) {
            err.println("esvc: " + input + ": " + e.getMessage());
            return Esvc.EXIT_USAGE;
        } catch (StreamAbortedException e) {
            if (e.getCause() instanceof InputFormatException bad) {
                err.println("esvc: " + input + ": " + bad.getMessage());
                return Esvc.EXIT_USAGE;
            }
            err.println("esvc: " + Esvc.oneLine(e));
            return Esvc.EXIT_FAILED;
        } catch (EmbeddedServiceException e) {
            err.println("esvc: " + Esvc.oneLine(e));
            return Esvc.EXIT_FAILED;
        } catch (UncheckedIOException e) {
            err.println("esvc: " + Esvc.oneLine(e) + ": " + Esvc.oneLine(e.getCause()));
            return Esvc.EXIT_FAILED;
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    private int run(EmbeddedServiceClient client, Path temp, String plainType, PrintWriter err) throws IOException {
        long inputBytes = Files.size(input);
        AtomicLong bytesRead = new AtomicLong();
        long[] row = {0};
        ProgressBar progress = isTerminal() && inputBytes > 0 ? new ProgressBarBuilder()
                .setTaskName("Translating")
                .setInitialMax(inputBytes)
                .setUnit(" KiB", 1024)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build() : null;
        InvocationSummary summary;
        try (InputStream in = new CountingInputStream(Files.newInputStream(input), bytesRead);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
             Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                     StandardCharsets.UTF_8), 1 << 16)) {
            IdentifierInput identifiers = new IdentifierInput(reader, plainType);
            out.write("row,type,status,translated_id\n");
            summary = client.translateStream(identifiers, targetNamespace, result -> {
                row[0]++;
                write(out, row[0], result);
                if (progress != null && (row[0] & 1023) == 0) {
                    progress.stepTo(bytesRead.get());
                }
            });
        } finally {
            if (progress != null) {
                progress.stepTo(bytesRead.get());
                progress.close();
            }
        }
        complete = true;
        err.println(summary(summary));
        if (summary.failed() > 0) {
            err.println("esvc: " + summary.failed() + " of " + summary.records() + " records could not be answered "
                    + "(status FAILED in " + output + "); translate them again later");
            return Esvc.EXIT_FAILED;
        }
        return 0;
    }

    private static void write(Writer out, long row, TranslateResult r) {
        try {
            out.write(Long.toString(row));
            out.write(',');
            out.write(r.type().name());
            out.write(',');
            out.write(r.status().name());
            out.write(',');
            if (r.status() == RecordStatus.OK) {
                out.write(csvField(r.translatedId().orElse("")));
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output", e);
        }
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private String summary(InvocationSummary s) {
        return String.format(Locale.ROOT, "Translated %,d records into %s: %,d OK, %,d NOT_FOUND, %,d INVALID, "
                        + "%,d FAILED; %,d distinct records sent in %,d invocations, %,d retries, %,d re-activations; "
                        + "%.1f s, %,.0f records/s. Results in %s.",
                s.records(), targetNamespace, s.ok(), s.notFound(), s.invalid(), s.failed(), s.uniqueRecordsSent(),
                s.invocations(), s.retries(), s.reactivations(), s.elapsed().toMillis() / 1000.0,
                s.recordsPerSecond(), output);
    }

    /** Whether standard error is a terminal (the progress bar is drawn only then). */
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

    /** Counts bytes read, for the progress bar. */
    private static final class CountingInputStream extends FilterInputStream {
        private final AtomicLong count;

        CountingInputStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
