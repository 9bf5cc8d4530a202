package dev.embeddedservice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    void nothingTheSuiteLoggedPrintedOrThrewHoldsASecretOrAnIdentifier() {
        assertThat(RecordThrownExceptions.testsSeen()).as("tests the exception recorder saw (autodetected)")
                .isPositive();

        assertThat(SecretScanner.scanFiles(LeakScan.DIR)).isEmpty();
    }
}
