package dev.embeddedservice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of {@link ActivationConfig}: the URL a license key may be sent to, and the environment. */
class ActivationConfigTest {

    private static ActivationConfig.Builder builder(String url) {
        return ActivationConfig.builder().activationUrl(url).productCode("prod-1").environment(name -> null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://activation.partner.example", "http://localhost:8080", "http://127.0.0.1:9",
            "http://127.1.2.3", "http://[::1]:8080/base", "http://api.localhost"})
    void httpsOrLoopbackHttpIsAccepted(String url) {
        assertThat(builder(url).build().activationUrl().toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://activation.partner.example", "http://10.0.0.1", "http://localhost.evil.example"})
    void plainHttpElsewhereIsAConfigurationError(String url) {
        assertThatThrownBy(() -> builder(url).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("must use https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://activation.partner.example", "activation.partner.example", "https://user:pw@host.example",
            "https://host.example/?a=b", "https://host.example/#f", "https://host example"})
    void otherMalformedUrlsAreConfigurationErrors(String url) {
        assertThatThrownBy(() -> builder(url).build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("activationUrl");
    }

    @Test
    void settingsComeFromTheEnvironmentWhenNotGiven() {
        Map<String, String> env = Map.of(ActivationConfig.ENV_ACTIVATION_URL, "https://env.partner.example",
                ActivationConfig.ENV_PRODUCT_CODE, "prod-env", ActivationConfig.ENV_LICENSE_KEY, "lk-env");

        ActivationConfig config = ActivationConfig.builder().environment(env::get).build();

        assertThat(config.activationUrl().getHost()).isEqualTo("env.partner.example");
        assertThat(config.productCode()).isEqualTo("prod-env");
        assertThat(config.licenseKey()).contains("lk-env");
    }

    @Test
    void aLicenseKeyThatCannotBeAHeaderIsRefusedAndNeverPrinted() {
        assertThatThrownBy(() -> builder("https://a.example").licenseKey("bad key").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageNotContaining("bad key");
        assertThat(builder("https://a.example").licenseKey("lk-123").build().toString())
                .doesNotContain("lk-123").contains("<redacted>");
    }
}
