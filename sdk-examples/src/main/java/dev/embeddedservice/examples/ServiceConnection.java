package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The client {@code esvc translate} calls through, built from its flags: on the partner's service when
 * an activation URL is given (flag or environment), else on the testkit emulator started in process.
 * The SDK's configuration errors name its settings ({@code productCode}); here they name the flags
 * ({@code --product-code}) and are {@link UsageException}s.
 */
final class ServiceConnection implements AutoCloseable {

    /** The flags that configure the client. */
    record Flags(String activationUrl, String productCode, String licenseKey, String licenseKeyFlag,
                 String endpointUrl, String region, String endpointName, Integer concurrency,
                 String targetNamespace) {
    }

    private static final Map<String, String> FLAGS = Map.of(
            "activationUrl", "--activation-url",
            "productCode", "--product-code",
            "endpointOverride", "--endpoint-url",
            "endpointName", "--endpoint-name",
            "maxConcurrency", "--concurrency",
            "targetNamespace", "--target-namespace",
            "region", "--region");
    private static final Pattern SETTING = Pattern.compile(
            "(?<![\\w.-])(activationUrl|productCode|licenseKey|endpointOverride|endpointName|maxConcurrency"
                    + "|targetNamespace|region)(\\(\\.\\.\\.\\))?(?![\\w-])");

    private final EmbeddedServiceClient client;
    private final EmbeddedServiceEmulator emulator;

    private ServiceConnection(EmbeddedServiceClient client, EmbeddedServiceEmulator emulator) {
        this.client = client;
        this.emulator = emulator;
    }

    /**
     * Builds the client; nothing is sent yet.
     *
     * @throws UsageException when a setting is missing or invalid, naming its flag
     */
    static ServiceConnection open(Flags f, PrintWriter err) {
        String url = f.activationUrl() != null ? f.activationUrl() : System.getenv(ActivationConfig.ENV_ACTIVATION_URL);
        EmbeddedServiceEmulator emulator = null;
        try {
            EmbeddedServiceClient.Builder builder = EmbeddedServiceClient.builder().targetNamespace(f.targetNamespace());
            if (url == null || url.isBlank()) {
                emulator = EmbeddedServiceEmulator.start();
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
                        .productCode(f.productCode())
                        .licenseKey(f.licenseKey())
                        .build());
                if (f.endpointUrl() != null) {
                    builder.endpointOverride(parseUri(f.endpointUrl()));
                }
                if (f.region() != null) {
                    builder.region(f.region());
                }
                if (f.endpointName() != null) {
                    builder.endpointName(f.endpointName());
                }
            }
            if (f.concurrency() != null) {
                builder.maxConcurrency(f.concurrency());
            }
            EmbeddedServiceClient client = builder.build();
            if (emulator != null) {
                err.println("esvc: no --activation-url given: running on the embedded emulator at "
                        + emulator.endpointUrl() + " (no AWS account needed)");
            }
            return new ServiceConnection(client, emulator);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            if (emulator != null) {
                emulator.close();
            }
            throw new UsageException(withFlagNames(Esvc.oneLine(e), f.licenseKeyFlag()));
        }
    }

    private static URI parseUri(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--endpoint-url is not a valid URL: " + e.getReason());
        }
    }

    /**
     * The SDK's message with the builder's setting names replaced by esvc's flags: {@code productCode
     * is required} becomes {@code --product-code is required}.
     *
     * @param licenseKeyFlag the flag the license key came from ({@code --license-key} or {@code --license-key-file})
     */
    static String withFlagNames(String message, String licenseKeyFlag) {
        Matcher m = SETTING.matcher(message);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String setting = m.group(1);
            String flag = setting.equals("licenseKey") ? (licenseKeyFlag == null ? "--license-key" : licenseKeyFlag)
                    : FLAGS.get(setting);
            // "region" is also an ordinary word ("an ISO 3166 region code"): a flag only where it names the setting
            boolean isSetting = !setting.equals("region") || m.start() == 0 || m.group(2) != null
                    || message.startsWith("check ", Math.max(0, m.start() - 6));
            m.appendReplacement(s, Matcher.quoteReplacement(isSetting ? flag : setting));
        }
        m.appendTail(s);
        return s.toString();
    }

    EmbeddedServiceClient client() {
        return client;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
