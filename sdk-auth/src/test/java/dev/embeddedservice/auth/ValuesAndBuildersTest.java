package dev.embeddedservice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.StreamAbortedException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The value types' equality, strings and copies, and the builders' checks of every duration. */
class ValuesAndBuildersTest {

    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    @Nested
    class Tokens {

        @Test
        void aTokenExpiresAtItsInstantNotBefore() {
            AuthToken token = AuthToken.of("t", AT, ServiceConfig.empty());
            assertThat(token.isExpired(Clock.fixed(AT.minusMillis(1), ZoneOffset.UTC))).isFalse();
            assertThat(token.isExpired(Clock.fixed(AT, ZoneOffset.UTC))).isTrue();
            assertThat(token.isExpired(Clock.fixed(AT.plusSeconds(1), ZoneOffset.UTC))).isTrue();
        }

        @Test
        void tokensAreEqualByValueAndHashAlike() {
            AuthToken a = AuthToken.of("same", AT, ServiceConfig.empty());
            AuthToken b = AuthToken.of("same", AT.plusSeconds(5), ServiceConfig.builder().region("eu-west-1").build());
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(AuthToken.of("other", AT, ServiceConfig.empty()));
            assertThat(a.hashCode()).isEqualTo("same".hashCode());
        }

        @Test
        void aTokensStringLeavesTheValueOut() {
            assertThat(AuthToken.of("secret-value", AT, ServiceConfig.empty()).toString())
                    .isEqualTo("AuthToken[value=<redacted>, expiresAt=2030-01-01T00:00:00Z, config=" + ServiceConfig.empty()
                            + "]");
        }
    }

    @Nested
    class ServiceConfigs {

        private final ServiceConfig full = ServiceConfig.builder().endpointName("ep").region("us-east-1")
                .maxRecordsPerInvocation(500).maxPayloadBytes(1_000).maxConcurrency(4)
                .operations(List.of("translate")).build();

        @Test
        void equalWhenEveryFieldIs() {
            assertThat(full).isEqualTo(full.toBuilder().build()).hasSameHashCodeAs(full.toBuilder().build());
            assertThat(full).isNotEqualTo(full.toBuilder().endpointName("other").build())
                    .isNotEqualTo(full.toBuilder().region("eu-west-1").build())
                    .isNotEqualTo(full.toBuilder().maxRecordsPerInvocation(501).build())
                    .isNotEqualTo(full.toBuilder().maxPayloadBytes(1_001).build())
                    .isNotEqualTo(full.toBuilder().maxConcurrency(5).build())
                    .isNotEqualTo(full.toBuilder().operations(List.of("score")).build())
                    .isNotEqualTo("ServiceConfig");
            assertThat(full.hashCode()).isNotEqualTo(ServiceConfig.empty().hashCode());
        }

        @Test
        void aCopyKeepsEveryField() {
            ServiceConfig copy = full.toBuilder().build();
            assertThat(copy.endpointName()).hasValue("ep");
            assertThat(copy.region()).hasValue("us-east-1");
            assertThat(copy.maxRecordsPerInvocation()).hasValue(500);
            assertThat(copy.maxPayloadBytes()).hasValue(1_000);
            assertThat(copy.maxConcurrency()).hasValue(4);
            assertThat(copy.operations()).hasValue(List.of("translate"));
        }

        @Test
        void itsStringNamesEveryField() {
            assertThat(full.toString()).isEqualTo("ServiceConfig[endpointName=ep, region=us-east-1, "
                    + "maxRecordsPerInvocation=500, maxPayloadBytes=1000, maxConcurrency=4, operations=[translate]]");
        }
    }

    @Nested
    class ActivationConfigs {

        private ActivationConfig.Builder builder() {
            return ActivationConfig.builder().activationUrl("https://activation.example").productCode("prod-1")
                    .environment(name -> null);
        }

        @Test
        void aCopyKeepsEverySetting() {
            ActivationConfig config = builder().licenseKey("key-1").clientId("client-1")
                    .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(3))
                    .activationDeadline(Duration.ofSeconds(4)).build();

            ActivationConfig copy = config.toBuilder().build();

            assertThat(copy.toString()).isEqualTo(config.toString());
            assertThat(copy.activationUrl()).isEqualTo(URI.create("https://activation.example"));
            assertThat(copy.activationDeadline()).isEqualTo(Duration.ofSeconds(4));
        }

        @Test
        void theUrlMayBeGivenAsAUri() {
            assertThat(builder().activationUrl(URI.create("https://other.example/base")).build().activationUrl())
                    .isEqualTo(URI.create("https://other.example/base"));
            assertThatThrownBy(() -> builder().activationUrl((URI) null).build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("activationUrl is required");
        }

        @Test
        void itsStringNamesTheSettingsButNeverTheLicenseKey() {
            assertThat(builder().licenseKey("secret-key").build().toString())
                    .isEqualTo("ActivationConfig[activationUrl=https://activation.example, productCode=prod-1, "
                            + "licenseKey=<redacted>, clientId=null, identityProof=false, connectTimeout=PT5S, "
                            + "callTimeout=PT15S, activationDeadline=PT1M]")
                    .doesNotContain("secret-key");
            assertThat(builder().build().toString()).contains("licenseKey=none");
        }

        @Test
        void everyDurationMustBePositive() {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
                assertThatThrownBy(() -> builder().connectTimeout(bad).build())
                        .hasMessage("connectTimeout must be a positive duration, was " + bad);
                assertThatThrownBy(() -> builder().callTimeout(bad).build())
                        .hasMessage("callTimeout must be a positive duration, was " + bad);
                assertThatThrownBy(() -> builder().activationDeadline(bad).build())
                        .hasMessage("activationDeadline must be a positive duration, was " + bad);
            }
            assertThat(builder().connectTimeout(Duration.ofNanos(1)).callTimeout(Duration.ofNanos(1))
                    .activationDeadline(Duration.ofNanos(1)).build()).isNotNull();
        }

        @Test
        void aLicenseKeyOfTheVisibleAsciiRangeIsAccepted() {
            assertThat(builder().licenseKey("!~").build().toString()).contains("licenseKey=<redacted>");
            for (String bad : new String[] {"a b", "a\u007f", "\u00e9"}) {
                assertThatThrownBy(() -> builder().licenseKey(bad).build())
                        .isInstanceOf(InvalidConfigurationException.class);
            }
        }
    }

    @Nested
    class OAuth2Builders {

        private OAuth2ClientCredentialsTokenProvider.Builder builder() {
            return OAuth2ClientCredentialsTokenProvider.builder().tokenUrl("https://auth.example/oauth2/token")
                    .clientId("client").clientSecret("secret");
        }

        @Test
        void everyDurationMustBePositive() {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
                assertThatThrownBy(() -> builder().connectTimeout(bad).build())
                        .hasMessage("connectTimeout must be a positive duration, was " + bad);
                assertThatThrownBy(() -> builder().callTimeout(bad).build())
                        .hasMessage("callTimeout must be a positive duration, was " + bad);
                assertThatThrownBy(() -> builder().requestDeadline(bad).build())
                        .hasMessage("requestDeadline must be a positive duration, was " + bad);
            }
        }

        @Test
        void theTokenUrlMayBeGivenAsAUri() {
            try (OAuth2ClientCredentialsTokenProvider p = builder()
                    .tokenUrl(URI.create("https://auth.example/other")).build()) {
                assertThat(p.tokenUrl()).isEqualTo(URI.create("https://auth.example/other"));
            }
            assertThatThrownBy(() -> builder().tokenUrl((URI) null).build())
                    .isInstanceOf(InvalidConfigurationException.class);
        }

        @Test
        void aScopeIsVisibleAsciiSeparatedBySpaces() {
            try (OAuth2ClientCredentialsTokenProvider p = builder().scope("! ~ read:all").build()) {
                assertThat(p).isNotNull();
            }
            for (String bad : new String[] {"", " ", "a\"b", "a\\b", "a\u007fb", "a\u001fb", "caf\u00e9"}) {
                assertThatThrownBy(() -> builder().scope(bad).build()).as(bad)
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageStartingWith("scope must be space-separated scope tokens");
            }
        }
    }

    @Nested
    class Strings {

        @Test
        void anIdentityProofsStringLeavesTheHeaderValuesOut() {
            IdentityProof proof = new IdentityProof("POST", "https://sts.example/", Map.of("Authorization", "sig"), "b");
            assertThat(proof.toString()).isEqualTo("IdentityProof[method=POST, url=https://sts.example/, "
                    + "headers=[Authorization]]");
        }

        @Test
        void theInMemoryStoreCountsItsTokens() {
            TokenStore store = TokenStore.inMemory();
            store.save("k", AuthToken.of("t", AT, ServiceConfig.empty()));
            assertThat(store.toString()).isEqualTo("InMemoryTokenStore[1 tokens]");
        }

        @Test
        void anAbortedStreamSaysHowManyResultsItDelivered() {
            StreamAbortedException e = new StreamAbortedException("stopped", 42, null);
            assertThat(e.resultsDelivered()).isEqualTo(42);
            assertThat(e.getMessage()).isEqualTo("stopped");
        }
    }
}
