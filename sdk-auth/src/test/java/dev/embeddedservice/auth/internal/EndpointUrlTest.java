package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class EndpointUrlTest {

    @Test
    void loopbackHostsAreKnownWithoutDns() {
        for (String host : new String[] {"localhost", "LOCALHOST", "api.localhost", "127.0.0.1", "127.1.2.3", "[::1]",
                "::1"}) {
            assertThat(EndpointUrl.isLoopbackHost(host)).as(host).isTrue();
        }
    }

    @Test
    void otherHostsAreNot() {
        for (String host : new String[] {"example.com", "localhost.example.com", "10.0.0.1", "0.0.0.0", "[::2]",
                "1.2.3", "999.1.1.1", "[localhost", "localhost]"}) {
            assertThat(EndpointUrl.isLoopbackHost(host)).as(host).isFalse();
        }
        assertThat(EndpointUrl.isLoopbackHost(null)).isFalse();
    }

    @Test
    void plainHttpIsAllowedForLoopbackOnly() {
        assertThat(EndpointUrl.parse("endpointOverride", "http://127.0.0.1:8080/x").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> EndpointUrl.parse("endpointOverride", "http://example.com:8080/path"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("endpointOverride must use https: plain http is allowed only for loopback hosts "
                        + "(localhost, 127.0.0.1, ::1), was host example.com");
    }

    @Test
    void theUrlShownInAMessageKeepsSchemeHostPortAndPathOnly() {
        assertThatThrownBy(() -> EndpointUrl.parse("activationUrl", "ftp://example.com:21/a/b"))
                .hasMessage("activationUrl must be an absolute https URL with a host, was ftp://example.com:21/a/b");
        assertThatThrownBy(() -> EndpointUrl.parse("activationUrl", "ftp://example.com"))
                .hasMessage("activationUrl must be an absolute https URL with a host, was ftp://example.com");
        assertThatThrownBy(() -> EndpointUrl.parse("activationUrl", "/relative/path"))
                .hasMessage("activationUrl must be an absolute https URL with a host, was /relative/path");
        assertThatThrownBy(() -> EndpointUrl.parse("activationUrl", "mailto:someone"))
                .hasMessage("activationUrl must be an absolute https URL with a host, was mailto://");
    }
}
