package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenericOperationTest {

    /** The translate operation described with the application's own types. */
    public record WireIdentifier(String type, String value) {
    }

    public record Translation(String translatedId) {
    }

    private static final Operation<WireIdentifier, Translation> TRANSLATE =
            Operation.of("translate", WireIdentifier.class, Translation.class).withParam("targetNamespace", "generic");

    private static EmbeddedServiceEmulator emulator;
    private static EmbeddedServiceClient client;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(40).start();
        client = EmulatorFixture.client(emulator).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    private static List<WireIdentifier> inputs() {
        List<WireIdentifier> in = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            in.add(new WireIdentifier("EMAIL_SHA256", Reference.sha256("generic" + (i % 150) + "@example.com")));
        }
        in.add(new WireIdentifier("MAID", "NOT-A-UUID"));
        in.add(null);
        return in;
    }

    @Test
    void anOperationMapsItsOwnTypesThroughTheEnvelope() throws Exception {
        List<WireIdentifier> in = inputs();

        BatchResult<Translation> result = client.invoke(TRANSLATE, in);
        CompletableFuture<BatchResult<Translation>> async = client.invokeAsync(TRANSLATE, in);
        List<RecordResult<Translation>> streamed = new ArrayList<>();
        client.invokeStream(TRANSLATE, in.iterator(), streamed::add);

        assertThat(result.results()).hasSize(in.size());
        for (int i = 0; i < 200; i++) {
            Reference.Expected e = Reference.translate("generic", IdentifierType.EMAIL_SHA256, in.get(i).value());
            RecordResult<Translation> r = result.results().get(i);
            assertThat(r.status()).isEqualTo(e.status());
            assertThat(r.value().map(Translation::translatedId).orElse(null)).isEqualTo(e.translatedId());
        }
        assertThat(result.results().get(200).status()).as("the partner refuses a malformed MAID")
                .isEqualTo(RecordStatus.INVALID);
        assertThat(result.results().get(200).reason().orElseThrow()).startsWith("refused by the service");
        assertThat(result.results().get(201).status()).isEqualTo(RecordStatus.INVALID);
        assertThat(result.summary().uniqueRecordsSent()).isEqualTo(151);
        assertThat(async.get().results()).isEqualTo(result.results());
        assertThat(streamed).isEqualTo(result.results());
    }

    @Test
    void anOperationTheSubscriptionDoesNotIncludeFailsWithoutRetry() {
        Operation<WireIdentifier, Translation> other = Operation.of("brandSafety", WireIdentifier.class,
                Translation.class);
        long before = emulator.journal().invocationCount();

        BatchResult<Translation> result = client.invoke(other, Arrays.asList(
                new WireIdentifier("CUSTOM", "page-1"), new WireIdentifier("CUSTOM", "page-2")));

        assertThat(result.results()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
            assertThat(r.retryable()).isFalse();
            assertThat(r.reason().orElseThrow()).contains("403 OPERATION_NOT_ENTITLED");
        });
        assertThat(emulator.journal().invocationCount() - before).isEqualTo(1);
    }
}
