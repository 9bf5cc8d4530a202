package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.internal.SpeculationGuard;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class SparkTranslateOptionsTest {

    private static SparkTranslateOptions.Builder builder() {
        return SparkTranslateOptions.builder().activationUrl("https://activation.partner.example")
                .productCode("prod-4x2kq7").licenseKeyFromEnvironment("PARTNER_KEY");
    }

    @Test
    void aDeserializedCopyFindsTheSameExecutorClient() throws Exception {
        SparkTranslateOptions options = builder().clientFactory(b -> b.maxConcurrency(3).build()).build();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(options);
        }
        SparkTranslateOptions copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SparkTranslateOptions) in.readObject();
        }

        assertThat(copy.clientKey()).isEqualTo(options.clientKey());
        assertThat(copy).isEqualTo(options);
    }

    @Test
    void equalClientSettingsShareAClientAndDifferentOnesDoNot() {
        assertThat(builder().targetNamespace("a").build().clientKey()).isEqualTo(builder().build().clientKey());
        assertThat(builder().maxConcurrency(2).build().clientKey()).isNotEqualTo(builder().build().clientKey());
        assertThat(builder().licenseKeyFile("/etc/key").build().clientKey()).isNotEqualTo(builder().build().clientKey());
    }

    @Test
    void printsWhereTheKeyIsReadFromButNoSecret() {
        assertThat(builder().build().toString()).contains("licenseKey=environment PARTNER_KEY");
        assertThat(builder().licenseKeyFile("/secure/license.key").build().toString())
                .contains("licenseKey=file").doesNotContain("/secure/license.key");
    }

    @Test
    void refusesThreeColumnsWithoutThreeNamesAndNonPositiveLimits() {
        assertThatThrownBy(() -> builder().columns("s", "s", "r").build())
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> builder().maxConcurrency(0)).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> builder().licenseKeyFile(" ")).hasMessageContaining("licenseKeyFile");
    }

    @Test
    void speculationIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> SpeculationGuard.check(true, builder().build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("allowSpeculation(true)");
        SpeculationGuard.check(true, builder().allowSpeculation(true).build());
        SpeculationGuard.check(false, builder().build());
    }
}
