package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.InvocationRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The client's SigV4 signatures, verified for real by the emulator (it knows the default credentials the
 * fixture signs with), and what becomes of a call SageMaker refuses for its signature.
 */
class SignedCallsTest {

    @Test
    void theFixturesCallsAreSignedWithTheEmulatorsDefaultCredentialsAndVerified() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(3, "signed");
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).build()) {
            TranslateResponse response = client.translate(ids);

            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                        response.results().get(i))).as("input %d", i).isTrue();
            }
            assertThat(emulator.journal().invocations()).singleElement().satisfies(i -> {
                assertThat(i.httpStatus()).isEqualTo(200);
                assertThat(i.accessKeyId()).isEqualTo(emulator.awsAccessKeyId());
            });
        }
    }

    @Test
    void aWrongSecretIsRefusedForItsSignatureOnceAndNotRetried() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator)
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(emulator.awsAccessKeyId(), "not-the-secret")))
                     .build()) {
            TranslateResponse response = client.translate(List.of(Identifier.email("wrong-secret@example.com")));

            TranslateResult result = response.results().get(0);
            assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
            assertThat(result.retryable()).isFalse();
            assertThat(result.reason().orElseThrow()).contains("InvalidSignatureException").contains("403");
            assertThat(emulator.journal().invocations()).extracting(InvocationRecord::errorType)
                    .containsExactly("InvalidSignatureException");
        }
    }
}
