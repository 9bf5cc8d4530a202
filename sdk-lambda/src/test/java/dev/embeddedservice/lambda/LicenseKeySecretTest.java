package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import dev.embeddedservice.lambda.internal.LicenseKeySecret;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The license key read from Secrets Manager (moto_server standing in), once per execution environment. */
class LicenseKeySecretTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    static MotoServer moto;
    static SecretsManagerClient secrets;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        secrets = SecretsManagerClient.builder()
                .endpointOverride(URI.create(moto.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(Fixtures.FAKE_AWS)
                .build();
    }

    @AfterAll
    static void stopMoto() {
        secrets.close();
        moto.close();
    }

    static String createSecret(String name, String value) {
        return secrets.createSecret(r -> r.name(name).secretString(value)).arn();
    }

    Map<String, String> environmentWithSecret(String arn) {
        Map<String, String> env = new HashMap<>(Fixtures.environment(emulator));
        env.remove(ActivationConfig.ENV_LICENSE_KEY);
        env.put(LambdaSettings.ENV_LICENSE_KEY_SECRET_ARN, arn);
        env.put(LicenseKeySecret.ENV_ENDPOINT_URL, moto.endpoint());
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    @Test
    void aPlainTextSecretIsTheKey() {
        String arn = createSecret("esvc/plain", emulator.licenseKey());

        ActivationConfig config = LambdaSettings.activationConfig(environmentWithSecret(arn)::get, Fixtures.FAKE_AWS);

        assertThat(config.licenseKey()).contains(emulator.licenseKey());
    }

    @Test
    void aJsonSecretHoldsTheKeyInItsLicenseKeyField() {
        String arn = createSecret("esvc/json", "{\"licenseKey\": \"" + emulator.licenseKey() + "\", \"note\": \"x\"}");

        ActivationConfig config = LambdaSettings.activationConfig(environmentWithSecret(arn)::get, Fixtures.FAKE_AWS);

        assertThat(config.licenseKey()).contains(emulator.licenseKey());
    }

    @Test
    void aMissingSecretIsAConfigurationErrorNamingTheAwsErrorNotAValue() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:esvc/none-AbCdEf";

        assertThatThrownBy(() -> LambdaSettings.activationConfig(environmentWithSecret(arn)::get, Fixtures.FAKE_AWS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("ResourceNotFoundException").hasMessageContaining(arn);
    }

    @Test
    void aJsonSecretWithoutTheFieldIsRefusedWithoutQuotingIt() {
        String arn = createSecret("esvc/wrong-field", "{\"apiKey\": \"do-not-print-me\"}");

        assertThatThrownBy(() -> LambdaSettings.activationConfig(environmentWithSecret(arn)::get, Fixtures.FAKE_AWS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageNotContaining("do-not-print-me");
    }

    @Test
    void theProxyReadsTheKeyOncePerExecutionEnvironment() {
        String arn = createSecret("esvc/rotating", emulator.licenseKey());
        EnvironmentScoped<EmbeddedServiceClient> environment =
                ProxyHandler.clientHolder(environmentWithSecret(arn)::get, Fixtures.FAKE_AWS);
        ProxyHandler proxy = new ProxyHandler(environment);
        try {
            assertThat(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null).getStatusCode()).isEqualTo(200);
            secrets.putSecretValue(r -> r.secretId(arn).secretString("esvc-a-key-the-partner-does-not-know"));
            environment.drop();    // the token goes, as at a checkpoint; the key is read again with the client

            APIGatewayProxyResponseEvent afterRotation = proxy.handleRequest(Fixtures.event("translate-mixed.json"), null);

            assertThat(afterRotation.getStatusCode()).as("the new environment read the new key").isEqualTo(502);
        } finally {
            environment.drop();
        }
    }

    @Test
    void warmInvocationsDoNotReadTheSecretAgain() {
        String arn = createSecret("esvc/warm", emulator.licenseKey());
        EnvironmentScoped<EmbeddedServiceClient> environment =
                ProxyHandler.clientHolder(environmentWithSecret(arn)::get, Fixtures.FAKE_AWS);
        ProxyHandler proxy = new ProxyHandler(environment);
        try {
            assertThat(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null).getStatusCode()).isEqualTo(200);
            secrets.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));

            for (int i = 0; i < 5; i++) {
                assertThat(proxy.handleRequest(Fixtures.event("translate-mixed.json"), null).getStatusCode())
                        .isEqualTo(200);
            }
        } finally {
            environment.drop();
        }
    }
}
