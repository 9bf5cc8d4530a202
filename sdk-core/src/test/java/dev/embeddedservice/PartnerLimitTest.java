package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.InvocationRecord;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenProvider;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PartnerLimitTest {

    @Test
    void aBatchRefusedWith413IsSplitAndTheJobCompletes() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(3_000, "limit");
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(4).build()) {
            client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));   // config says 1000 per invocation
            emulator.containerMaxRecords(300);                                 // the partner lowers its limit

            TranslateResponse response = client.translate(ids);

            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                        response.results().get(i))).as("input %d", i).isTrue();
            }
            List<InvocationRecord> invocations = emulator.journal().invocations();
            assertThat(invocations).anyMatch(r -> Integer.valueOf(413).equals(r.originalStatusCode()));
            assertThat(invocations.stream().filter(InvocationRecord::successful))
                    .allMatch(r -> r.records() <= 300);
            assertThat(response.summary().billedRecords()).isEqualTo(3_000);
        }
    }

    @Test
    void oneBatchAtATimeMeetsExactlyOne413AndIsSplitAtTheStatedLimit() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(3_000, "exact");
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(1).build()) {
            client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));
            emulator.reset();                                                  // the journal starts here
            emulator.containerMaxRecords(300);

            TranslateResponse response = client.translate(ids);

            List<InvocationRecord> invocations = emulator.journal().invocations();
            assertThat(invocations.get(0).records()).isEqualTo(1_000);
            assertThat(invocations.get(0).originalStatusCode()).isEqualTo(413);
            assertThat(invocations.subList(1, 5)).extracting(InvocationRecord::records).containsExactly(300, 300, 300, 100);
            assertThat(count413(emulator)).isEqualTo(1);
            assertThat(invocations.subList(1, invocations.size())).allSatisfy(r -> {
                assertThat(r.successful()).isTrue();
                assertThat(r.records()).isLessThanOrEqualTo(300);
            });
            assertThat(invocations.stream().filter(InvocationRecord::successful).mapToInt(InvocationRecord::records).sum())
                    .isEqualTo(3_000);
            assertThat(response.summary().invocations()).isEqualTo(invocations.size());
            assertThat(response.summary().billedRecords()).isEqualTo(3_000);
            assertThat(response.summary().failed()).isZero();
            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                        response.results().get(i))).as("input %d", i).isTrue();
            }
        }
    }

    @Test
    void laterBatchesAreCutToTheLoweredLimitWithoutAnother413() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(1).build()) {
            client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));
            emulator.containerMaxRecords(250);
            client.translate(EmulatorFixture.distinctEmails(1_000, "first"));
            long refusedBefore = count413(emulator);

            client.translate(EmulatorFixture.distinctEmails(1_000, "second"));

            assertThat(count413(emulator)).isEqualTo(refusedBefore);
        }
    }

    @Test
    void batchesPlannedBeforeTheConfigLoweredThePayloadLimitAreHalvedBeforeTheyAreSent() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             ActivationTokenProvider activation = ActivationTokenProvider.create(EmulatorFixture.activation(emulator))) {
            AtomicInteger calls = new AtomicInteger();
            // The first token() (when the call plans) sees 50 kB; every later one (when batches are sent) 10 kB.
            TokenProvider shrinking = new TokenProvider() {
                @Override
                public AuthToken token() {
                    AuthToken t = activation.token();
                    int limit = calls.getAndIncrement() == 0 ? 50_000 : 10_000;
                    return AuthToken.of(t.value(), t.expiresAt(), t.config().toBuilder().maxPayloadBytes(limit).build());
                }

                @Override
                public void invalidate(AuthToken token) {
                    activation.invalidate(token);
                }

                @Override
                public void close() {
                }
            };
            List<Identifier> ids = EmulatorFixture.distinctEmails(1_000, "payload");
            try (EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                    .tokenProvider(shrinking)
                    .endpointOverride(URI.create(emulator.endpointUrl()))
                    .region(emulator.region())
                    .credentialsProvider(EmulatorFixture.FAKE_AWS)
                    .environment(n -> null)
                    .maxConcurrency(2)
                    .build()) {
                TranslateResponse response = client.translate(ids);

                for (int i = 0; i < ids.size(); i++) {
                    assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                            response.results().get(i))).as("input %d", i).isTrue();
                }
            }
            assertThat(emulator.journal().largestInvocationBytes()).isLessThanOrEqualTo(10_000);
        }
    }

    private static long count413(EmbeddedServiceEmulator emulator) {
        return emulator.journal().invocations().stream()
                .filter(r -> Integer.valueOf(413).equals(r.originalStatusCode())).count();
    }
}
