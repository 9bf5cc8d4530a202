package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ServiceConfig;
import org.junit.jupiter.api.Test;

/** The limits in force: explicit settings, the token's config, the protocol defaults, and what a 413 taught. */
class LimitsTest {

    private final ServiceConfig config = ServiceConfig.builder().maxRecordsPerInvocation(500).maxPayloadBytes(90_000).build();

    @Test
    void anExplicitSettingWinsOverTheConfigAndTheConfigOverTheDefault() {
        assertThat(new Limits(40, 2_000).maxRecords(config)).isEqualTo(40);
        assertThat(new Limits(40, 2_000).maxPayloadBytes(config)).isEqualTo(2_000);
        assertThat(new Limits(null, null).maxRecords(config)).isEqualTo(500);
        assertThat(new Limits(null, null).maxPayloadBytes(config)).isEqualTo(90_000);
        assertThat(new Limits(null, null).maxRecords(ServiceConfig.empty()))
                .isEqualTo(EmbeddedServiceClient.DEFAULT_MAX_RECORDS_PER_INVOCATION);
        assertThat(new Limits(null, null).maxPayloadBytes(ServiceConfig.empty()))
                .isEqualTo(EmbeddedServiceClient.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    @Test
    void aStatedLimitOnlyEverLowersTheCapWhileItsConfigIsCurrent() {
        Limits limits = new Limits(null, null);

        limits.lowerMaxRecords(config, 300);
        assertThat(limits.maxRecords(config)).isEqualTo(300);

        limits.lowerMaxRecords(config, 400);   // a later, higher statement does not raise it
        assertThat(limits.maxRecords(config)).isEqualTo(300);

        limits.lowerMaxRecords(config, 120);
        assertThat(limits.maxRecords(config)).isEqualTo(120);

        limits.lowerMaxRecords(config, 0);     // never below one record
        assertThat(limits.maxRecords(config)).isEqualTo(1);

        ServiceConfig next = ServiceConfig.builder().maxRecordsPerInvocation(250).build();
        assertThat(limits.maxRecords(next)).isEqualTo(250);   // a new config is followed
        limits.lowerMaxRecords(next, 200);
        assertThat(limits.maxRecords(next)).isEqualTo(200);
        assertThat(limits.maxRecords(config)).isEqualTo(500);  // the cap belonged to the config it was learnt under
    }

    @Test
    void anExplicitSettingIsStillCappedByAStatedLimit() {
        Limits limits = new Limits(40, null);
        limits.lowerMaxRecords(config, 25);
        assertThat(limits.maxRecords(config)).isEqualTo(25);
        limits.lowerMaxRecords(config, 60);
        assertThat(limits.maxRecords(config)).isEqualTo(25);
    }
}
