package dev.embeddedservice.spark.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.spark.ExecutorClientFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Clients for the emulator {@code TranslateJob} starts when it is given no activation URL: fake
 * static AWS credentials, which the emulator checks for shape only, as {@code esvc} uses.
 */
public record EmulatorClientFactory() implements ExecutorClientFactory {

    @Override
    public EmbeddedServiceClient create(EmbeddedServiceClient.Builder configured) {
        return configured.credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEMULATOR", "emulator-secret-key"))).build();
    }
}
