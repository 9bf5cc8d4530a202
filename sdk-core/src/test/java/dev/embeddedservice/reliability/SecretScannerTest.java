package dev.embeddedservice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner finds what it must, planted anywhere in a line, and lets the SDK's ordinary output be. */
class SecretScannerTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Sending with token=eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjM0NTY3ODkwMTIifQ.c2lnbmF0dXJlLXBhcnQ",
            "header: eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjM0NTY3ODkwMTIifQ.c2lnbmF0dXJlLXBhcnQ",
            "X-Amzn-SageMaker-Custom-Attributes: token=opaque-abc-123",
            "record 2dd91c1e5858a3fd33c7aac10f2950c774047be30d601f85d0f96a013935618a refused",
            "record 2DD91C1E5858A3FD33C7AAC10F2950C774047BE30D601F85D0F96A013935618A refused",
            "no match for Alice.Smith@Example.com",
            "no match for alice+tag@mail.example.co.uk,",
            "phone +12025550143 unknown",
            "phone (202) 555-0143 unknown",
            "phone 202-555-0143 unknown",
            "phone +1 202 555 0143 unknown",
            "key esvc-test-license-key-4x2kq7-0123456789 refused",
            "secret error-path-client-secret-Zq8x7Vb2Kd refused",
            "aws fixture-secret-key-not-used-anywhere"})
    void aPlantedSecretOrIdentifierIsFound(String line) {
        assertThat(SecretScanner.scan("planted", "INFO fine line\n" + line + "\nINFO fine line"))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.line()).isEqualTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "token=<redacted>",
            "Batch of 250 records (27132 bytes, attempt 2) answered in 12 ms",
            "translatedId=tk_3992a9548578ee7fe249ba04f6d6f86e",
            "InferenceId 0578c533-9273-4cd5-a2e3-18617b5212f5, request id c28506db-34ff-85ac-1894-29bf1eefd8a3",
            "ActivationTokenProvider[prod-4x2kq7]: new token valid until 2026-03-02T09:15:00Z",
            "refused by the service: not found for <hex> of <email> / <number>",
            "listening on http://127.0.0.1:38785 (endpoint esvc-identity-test, region us-east-1)",
            "dev.embeddedservice.EmbeddedServiceClient@6d06d69c; 1000000 records, 79281 records/s",
            "at dev.embeddedservice.internal.BatchInvoker.execute(BatchInvoker.java:120)"})
    void ordinaryOutputIsNotAFinding(String line) {
        assertThat(SecretScanner.scan("ordinary", line)).isEmpty();
    }

    @Test
    void aFindingShowsWhereAndWhatButNotTheSecret() {
        SecretScanner.Finding f = SecretScanner.scan("log.txt", "a\nkey esvc-test-license-key-4x2kq7-0123456789")
                .get(0);

        assertThat(f.source()).isEqualTo("log.txt");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.toString()).doesNotContain("esvc-test-license-key-4x2kq7-0123456789");
    }

    @Test
    void aLeakPlantedInAnyFileOfTheCaptureFailsTheScan(@TempDir Path capture) throws IOException {
        Files.writeString(capture.resolve("log.txt"), "INFO all fine\nDEBUG dev.embeddedservice.x nothing here\n");
        Files.createDirectories(capture.resolve("nested"));
        Files.writeString(capture.resolve("nested").resolve("test-exceptions.txt"),
                "java.lang.IllegalStateException: ok\n");
        assertThat(SecretScanner.scanFiles(capture)).isEmpty();

        Files.writeString(capture.resolve("nested").resolve("test-exceptions.txt"),
                "java.lang.IllegalStateException: refused for bob@example.org\n\tat x.y(Z.java:1)\n");

        assertThat(SecretScanner.scanFiles(capture)).singleElement()
                .satisfies(f -> assertThat(f.toString()).startsWith("email in nested/test-exceptions.txt:1"));
    }
}
