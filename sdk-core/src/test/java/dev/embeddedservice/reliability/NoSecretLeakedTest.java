package dev.embeddedservice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmulatorFixture;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's last class ({@link LeakScanLast}): nothing the test suite of this module logged, at
 * any level, printed, threw or collected from error paths ({@link LeakScan}) holds a token, a
 * license key, a client secret, an AWS secret, a raw email, a raw phone number or a hashed
 * identifier ({@link SecretScanner}).
 */
class NoSecretLeakedTest {

    private static final Logger SDK_LOGGER = LoggerFactory.getLogger("dev.embeddedservice.leakscan");

    @Test
    void theCaptureHoldsEveryLevelOfTheSdksLoggersWithStackTraces() throws IOException {
        String marker = "leak-scan-marker-" + System.nanoTime();
        SDK_LOGGER.trace("{} trace", marker);
        SDK_LOGGER.debug("{} debug", marker, new IllegalStateException(marker + " cause message"));

        String log = Files.readString(LeakScan.LOG, StandardCharsets.UTF_8);

        assertThat(log).contains("TRACE dev.embeddedservice.leakscan").contains(marker + " trace")
                .contains(marker + " debug").contains("IllegalStateException: " + marker + " cause message");
    }

    @Test
    void nothingTheSuiteLoggedPrintedOrThrewHoldsASecretOrAnIdentifier() throws IOException {
        // An error path of its own first, so that the scan reads something even when this class runs alone.
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                     .activationConfig(EmulatorFixture.activation(emulator))
                     .endpointOverride(URI.create(emulator.endpointUrl()))
                     .region(emulator.region())
                     .credentialsProvider(EmulatorFixture.FAKE_AWS)
                     .environment(name -> null)
                     .build()) {
            emulator.faults().script(1, Fault.TOKEN_REVOKED).script(2, Fault.TOKEN_REVOKED);
            TranslateResult result = client.translate(List.of(Identifier.email("leak-scan-own@example.com")))
                    .results().get(0);
            LeakScan.append(LeakScan.ERROR_PATHS, "--- " + getClass().getSimpleName() + ": result\n" + result);
            assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
        }
        assertThat(Files.readString(LeakScan.LOG, StandardCharsets.UTF_8))
                .contains("The endpoint refused the token (401)");
        assertThat(Files.readString(LeakScan.ERROR_PATHS, StandardCharsets.UTF_8))
                .contains("refused a freshly activated token");

        assertThat(RecordThrownExceptions.testsSeen()).as("tests the exception recorder saw (autodetected)")
                .isPositive();

        assertThat(SecretScanner.scanFiles(LeakScan.DIR)).isEmpty();
    }
}
