package dev.embeddedservice.reliability;

import dev.embeddedservice.Reference;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the libraries under the SDK log of its requests, which docs/security.md warns about: at
 * their usual levels nothing, but at DEBUG the AWS SDK's SigV4 signer logs the canonical request,
 * CustomAttributes and so the token included, and Apache HttpClient's {@code org.apache.http.headers}
 * and {@code org.apache.http.wire} log every header and body: the token and the hashed
 * identifiers. Apache HttpClient 4 logs through commons-logging, which goes to
 * {@code java.util.logging} unless a bridge (jcl-over-slf4j, spring-jcl) sends it to SLF4J; both
 * are listened to here. What these tests capture stays in memory: it never reaches the log the
 * secrets scan reads.
 */
class ThirdPartyDebugLoggingTest {

    private static final String EMAIL = "third.party.logging@example.com";

    private static EmbeddedServiceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void atTheirUsualLevelsTheLibrariesLogNothingOfTheRequest() {
        Captured captured = translateListeningTo(null, null, "software.amazon.awssdk", "org.apache.http");

        assertThat(captured.lines).noneMatch(l -> l.contains(captured.token) || l.contains(captured.hashedEmail)
                || l.contains("Custom-Attributes"));
    }

    @Test
    void atDebugTheAwsSdksSignerLogsTheTokenInTheCanonicalRequest() {
        Captured captured = translateListeningTo(Level.DEBUG, null, "software.amazon.awssdk.http.auth");

        assertThat(captured.lines).anyMatch(l -> l.contains("AWS4 Canonical Request")
                && l.contains("x-amzn-sagemaker-custom-attributes:token=" + captured.token));
    }

    @Test
    void atDebugTheAwsSdksRequestLoggerNamesTheHeadersButNotTheirValues() {
        Captured captured = translateListeningTo(Level.DEBUG, null, "software.amazon.awssdk.request");

        assertThat(captured.lines).anyMatch(l -> l.contains("Sending Request")
                && l.contains("X-Amzn-SageMaker-Custom-Attributes"));
        assertThat(captured.lines).noneMatch(l -> l.contains(captured.token) || l.contains(captured.hashedEmail));
    }

    @Test
    void atDebugApacheHttpClientLogsTheTokenHeaderAndTheRecordsOnTheWire() {
        Captured captured = translateListeningTo(Level.DEBUG, java.util.logging.Level.FINE, "org.apache.http");

        assertThat(captured.lines).anyMatch(l -> l.contains("org.apache.http.headers")
                && l.contains("X-Amzn-SageMaker-Custom-Attributes: token=" + captured.token));
        assertThat(captured.lines).anyMatch(l -> l.contains("org.apache.http.wire")
                && l.contains(captured.hashedEmail));
    }

    /** What was logged, and the secrets to look for in it. */
    private record Captured(List<String> lines, String token, String hashedEmail) {
    }

    /**
     * Translates one email with a fresh client while listening to {@code loggers}, in SLF4J
     * (logback) and in java.util.logging, at the levels given (null: leave them as they are).
     */
    private static Captured translateListeningTo(Level level, java.util.logging.Level julLevel, String... loggers) {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Runnable> restore = new ArrayList<>();
        for (String name : loggers) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            ListAppender<ILoggingEvent> appender = new ListAppender<>() {
                @Override
                protected void append(ILoggingEvent e) {
                    lines.add(e.getLoggerName() + " " + e.getFormattedMessage());
                }
            };
            appender.start();
            Level oldLevel = logger.getLevel();
            boolean oldAdditive = logger.isAdditive();
            logger.addAppender(appender);
            if (level != null) {
                logger.setLevel(level);
                logger.setAdditive(false); // the lines with secrets stay here, out of the scanned log
            }
            restore.add(() -> {
                logger.detachAppender(appender);
                logger.setLevel(oldLevel);
                logger.setAdditive(oldAdditive);
            });

            java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
            Handler handler = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (isLoggable(r)) {
                        lines.add(r.getLoggerName() + " " + r.getMessage());
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            java.util.logging.Level oldJulLevel = jul.getLevel();
            boolean oldParents = jul.getUseParentHandlers();
            jul.addHandler(handler);
            if (julLevel != null) {
                jul.setLevel(julLevel);
                jul.setUseParentHandlers(false);
            }
            restore.add(() -> {
                jul.removeHandler(handler);
                jul.setLevel(oldJulLevel);
                jul.setUseParentHandlers(oldParents);
            });
        }
        try (ActivationTokenProvider tokens = ActivationTokenProvider.create(ActivationConfig.builder()
                .activationUrl(emulator.activationUrl())
                .productCode(emulator.productCode())
                .licenseKey(emulator.licenseKey())
                .environment(name -> null)
                .build());
             EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                     .tokenProvider(tokens)
                     .endpointOverride(URI.create(emulator.endpointUrl()))
                     .endpointName(emulator.endpointName())
                     .region(emulator.region())
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("AKIDTHIRDPARTYLOG001",
                                     "fixture-secret-key-not-used-anywhere")))
                     .environment(name -> null)
                     .build()) {
            assertThat(client.translate(List.of(Identifier.email(EMAIL))).summary().failed()).isZero();
            return new Captured(lines, tokens.token().value(), Reference.emailWire(EMAIL));
        } finally {
            restore.forEach(Runnable::run);
        }
    }
}
