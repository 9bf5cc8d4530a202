package dev.embeddedservice.spark;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Options that point the executors' clients at a testkit emulator. */
final class Emulators {

    static final String LICENSE_KEY = EmbeddedServiceEmulator.Builder.DEFAULT_LICENSE_KEY;

    private Emulators() {
    }

    /** Options for {@code emulator}: fake AWS credentials and fast retries, built on the executor. */
    static SparkTranslateOptions.Builder options(EmbeddedServiceEmulator emulator) {
        return SparkTranslateOptions.builder()
                .activationUrl(emulator.activationUrl())
                .productCode(emulator.productCode())
                .endpointUrl(emulator.endpointUrl())
                .region(emulator.region())
                .endpointName(emulator.endpointName())
                .clientFactory(new TestClients());
    }

    /** Builds executor clients for tests; a record, so equal factories share one client per executor. */
    record TestClients() implements ExecutorClientFactory {
        @Override
        public EmbeddedServiceClient create(EmbeddedServiceClient.Builder configured) {
            return configure(configured).build();
        }

        static EmbeddedServiceClient.Builder configure(EmbeddedServiceClient.Builder builder) {
            return builder
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDSPARKTESTS000001", "spark-tests-fake-secret-key")))
                    .overrideConfiguration(o -> o.retry(RetrySettings.builder()
                            .maxAttempts(6)
                            .initialBackoff(Duration.ofMillis(1))
                            .maxBackoff(Duration.ofMillis(20))
                            .build()))
                    .environment(name -> null);
        }
    }
}
