package dev.embeddedservice.testkit;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * JUnit 5 extension running an {@link EmbeddedServiceEmulator} on a free loopback port.
 *
 * <p>Registered on a static field, it starts the emulator before all tests of the class (nested classes share
 * it) and stops it after them; on an instance field, it starts and stops one per test. Before each test it
 * {@linkplain EmbeddedServiceEmulator#reset() resets} the emulator, so every test starts with an empty journal,
 * no scripted faults and invocation numbers from 1. Test and lifecycle methods can also take an
 * {@link EmbeddedServiceEmulator} parameter.
 *
 * <pre>{@code
 * class MyClientTest {
 *     @RegisterExtension
 *     static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
 *             .maxRecordsPerInvocation(100)
 *             .build();
 *
 *     @Test
 *     void translates() {
 *         var client = newClient(emulator.activationUrl(), emulator.productCode(), emulator.licenseKey(),
 *                 emulator.endpointUrl(), emulator.region());
 *         emulator.faults().script(1, Fault.THROTTLING);
 *         // ...
 *         assertThat(emulator.journal().invocationCount()).isEqualTo(2);
 *     }
 * }
 * }</pre>
 */
public final class EmbeddedServiceEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final EmbeddedServiceEmulator.Builder settings;
    private EmbeddedServiceEmulator emulator;
    private String startedBy;
    private boolean perTest;

    private EmbeddedServiceEmulatorExtension(EmbeddedServiceEmulator.Builder settings) {
        this.settings = settings;
    }

    /** An extension whose emulator has every default setting. */
    public static EmbeddedServiceEmulatorExtension create() {
        return new EmbeddedServiceEmulatorExtension(EmbeddedServiceEmulator.builder());
    }

    /** An extension starting its emulator from {@code settings} (the builder is used when the emulator starts). */
    public static EmbeddedServiceEmulatorExtension of(EmbeddedServiceEmulator.Builder settings) {
        return new EmbeddedServiceEmulatorExtension(Objects.requireNonNull(settings, "settings"));
    }

    /** A builder with the settings of {@link EmbeddedServiceEmulator.Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (emulator == null) {
            emulator = settings.start();
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (emulator != null && context.getUniqueId().equals(startedBy)) {
            stop();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            emulator = settings.start();
            startedBy = context.getUniqueId();
            perTest = true;
        } else {
            emulator.reset();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (perTest && context.getUniqueId().equals(startedBy)) {
            stop();
        }
    }

    private void stop() {
        try {
            emulator.close();
        } finally {
            emulator = null;
            startedBy = null;
            perTest = false;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedServiceEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }

    /** The running emulator. */
    public synchronized EmbeddedServiceEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator is not running: register the extension with @RegisterExtension "
                    + "and use it from tests or lifecycle methods");
        }
        return emulator;
    }

    /** The activation service's base URL. */
    public String activationUrl() {
        return emulator().activationUrl();
    }

    /** The SageMaker Runtime endpoint URL (AWS SDK {@code endpointOverride}). */
    public String endpointUrl() {
        return emulator().endpointUrl();
    }

    /** The product code. */
    public String productCode() {
        return emulator().productCode();
    }

    /** The license key, or null when none is required. */
    public String licenseKey() {
        return emulator().licenseKey();
    }

    /** The region. */
    public String region() {
        return emulator().region();
    }

    /** The endpoint name. */
    public String endpointName() {
        return emulator().endpointName();
    }

    /** The OAuth 2.0 token endpoint; see {@link EmbeddedServiceEmulator#oauthTokenUrl()}. */
    public String oauthTokenUrl() {
        return emulator().oauthTokenUrl();
    }

    /** The OAuth 2.0 client id the token endpoint accepts. */
    public String oauthClientId() {
        return emulator().oauthClientId();
    }

    /** The OAuth 2.0 client secret the token endpoint accepts. */
    public String oauthClientSecret() {
        return emulator().oauthClientSecret();
    }

    /** See {@link EmbeddedServiceEmulator#awsAccessKeyId()}. */
    public String awsAccessKeyId() {
        return emulator().awsAccessKeyId();
    }

    /** See {@link EmbeddedServiceEmulator#awsSecretAccessKey()}. */
    public String awsSecretAccessKey() {
        return emulator().awsSecretAccessKey();
    }

    /** The STS endpoint URL (AWS SDK {@code endpointOverride}); see {@link EmbeddedServiceEmulator#stsEndpointUrl()}. */
    public String stsEndpointUrl() {
        return emulator().stsEndpointUrl();
    }

    /** The emulator's fault injection. */
    public FaultInjector faults() {
        return emulator().faults();
    }

    /** The emulator's journal. */
    public EmulatorJournal journal() {
        return emulator().journal();
    }

    /** Builds an {@link EmbeddedServiceEmulatorExtension}; each setting is that of {@link EmbeddedServiceEmulator.Builder}. */
    public static final class Builder {
        private final EmbeddedServiceEmulator.Builder settings = EmbeddedServiceEmulator.builder();

        private Builder() {
        }

        /** See {@link EmbeddedServiceEmulator.Builder#port(int)}. */
        public Builder port(int port) {
            settings.port(port);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#productCode(String)}. */
        public Builder productCode(String productCode) {
            settings.productCode(productCode);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#licenseKey(String)}. */
        public Builder licenseKey(String licenseKey) {
            settings.licenseKey(licenseKey);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#region(String)}. */
        public Builder region(String region) {
            settings.region(region);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#endpointName(String)}. */
        public Builder endpointName(String endpointName) {
            settings.endpointName(endpointName);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#accountId(String)}. */
        public Builder accountId(String accountId) {
            settings.accountId(accountId);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#tokenTtl(Duration)}. */
        public Builder tokenTtl(Duration tokenTtl) {
            settings.tokenTtl(tokenTtl);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#maxRecordsPerInvocation(int)}. */
        public Builder maxRecordsPerInvocation(int maxRecords) {
            settings.maxRecordsPerInvocation(maxRecords);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#maxPayloadBytes(int)}. */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            settings.maxPayloadBytes(maxPayloadBytes);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#maxConcurrency(int)}. */
        public Builder maxConcurrency(int maxConcurrency) {
            settings.maxConcurrency(maxConcurrency);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#operations(List)}. */
        public Builder operations(List<String> operations) {
            settings.operations(operations);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#oauthClient(String, String)}. */
        public Builder oauthClient(String clientId, String clientSecret) {
            settings.oauthClient(clientId, clientSecret);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#awsCredentials(String, String)}. */
        public Builder awsCredentials(String accessKeyId, String secretAccessKey) {
            settings.awsCredentials(accessKeyId, secretAccessKey);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#awsCredentials(AwsCredentialsIdentity)}. */
        public Builder awsCredentials(AwsCredentialsIdentity credentials) {
            settings.awsCredentials(credentials);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#requireIdentityProof(boolean)}. */
        public Builder requireIdentityProof(boolean require) {
            settings.requireIdentityProof(require);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#clock(Clock)}. */
        public Builder clock(Clock clock) {
            settings.clock(clock);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#seed(long)}. */
        public Builder seed(long seed) {
            settings.seed(seed);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#faultRate(double)}. */
        public Builder faultRate(double faultRate) {
            settings.faultRate(faultRate);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#faultDelay(Duration)}. */
        public Builder faultDelay(Duration faultDelay) {
            settings.faultDelay(faultDelay);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#signingKey(KeyPair)}. */
        public Builder signingKey(KeyPair signingKey) {
            settings.signingKey(signingKey);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#journalCapacity(int)}. */
        public Builder journalCapacity(int journalCapacity) {
            settings.journalCapacity(journalCapacity);
            return this;
        }

        /** See {@link EmbeddedServiceEmulator.Builder#containerThreads(int)}. */
        public Builder containerThreads(int containerThreads) {
            settings.containerThreads(containerThreads);
            return this;
        }

        /** The extension; its emulator starts when the tests start. */
        public EmbeddedServiceEmulatorExtension build() {
            return new EmbeddedServiceEmulatorExtension(settings);
        }
    }
}
