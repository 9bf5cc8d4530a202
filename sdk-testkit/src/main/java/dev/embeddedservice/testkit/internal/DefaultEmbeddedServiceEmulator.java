package dev.embeddedservice.testkit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.EmulatorJournal;
import dev.embeddedservice.testkit.FaultInjector;
import java.net.BindException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator: the activation service, the OAuth 2.0 token endpoint, STS, SageMaker Runtime and the partner
 * container wired together behind one WireMock server on loopback. WireMock's own request journal and request logging are off (the emulator keeps a
 * bounded journal of its own), its notifier is SLF4J and quiet, gzip and HTTP/2 are off, no stub files are loaded,
 * and WireMock's admin API refuses every request (so nothing can reset the emulator's routes over HTTP).
 */
public final class DefaultEmbeddedServiceEmulator implements EmbeddedServiceEmulator {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultEmbeddedServiceEmulator.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final EmulatorConfig config;
    private final KeyPair keyPair;
    private final RevocationList revocations;
    private final DefaultEmulatorJournal journal;
    private final DefaultFaultInjector faults;
    private final PartnerContainer container;
    private final ActivationService activation;
    private final TokenMint mint;
    private final WireMockServer server;
    private final String url;
    private volatile boolean running;

    private DefaultEmbeddedServiceEmulator(EmulatorConfig config) {
        this.config = config;
        this.keyPair = config.signingKey() != null ? config.signingKey() : TokenIssuer.keyPairFromSeed(config.seed());
        TokenIssuer issuer = new TokenIssuer(keyPair);
        this.journal = new DefaultEmulatorJournal(config.journalCapacity());
        this.mint = new TokenMint(config, issuer, journal);
        this.revocations = new RevocationList(mint::lastSequence);
        TokenVerifier verifier = new TokenVerifier(keyPair.getPublic(), config.productCode(), revocations, config.clock());
        this.faults = new DefaultFaultInjector(config.seed(), config.faultRate(), config.faultDelay());
        this.container = new PartnerContainer(verifier, config.seed(), config.maxRecordsPerInvocation());
        CredentialStore credentials = new CredentialStore(config);
        this.activation = new ActivationService(config, mint, container, journal, credentials);
        SageMakerRuntime runtime = new SageMakerRuntime(config, container, verifier, revocations, faults, journal,
                credentials);
        WireMockRoutes routes = new WireMockRoutes(activation, runtime, new OAuthTokenEndpoint(config, mint, journal),
                new StsService(config, credentials, journal), journal, config.clock());
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress(LOOPBACK)
                .port(config.port())
                .containerThreads(config.containerThreads())
                .jettyAcceptors(1)
                .jettyStopTimeout(0L)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true) // else WireMock formats every request and response as JSON
                .maxLoggedResponseSize(0)         // nothing keeps the copies WireMock makes for its journal
                .gzipDisabled(true)
                .http2PlainDisabled(true)
                .http2TlsDisabled(true)
                .templatingEnabled(false)
                .stubCorsEnabled(false)
                .mappingSource(new NoMappings())
                .adminAuthenticator(request -> false) // state is changed through this API only, never /__admin
                .notifier(new Slf4jNotifier(false))
                .extensions(routes);
        this.server = new WireMockServer(options);
        try {
            server.start();
        } catch (RuntimeException e) {
            stopQuietly(server);
            BindException inUse = bindException(e);
            if (inUse != null) {
                throw new IllegalStateException("port " + config.port() + " on " + LOOPBACK + " is in use", inUse);
            }
            throw new IllegalStateException("the emulator could not start on " + LOOPBACK + ":" + config.port(), e);
        }
        server.stubFor(post(urlPathEqualTo("/v1/activate")).willReturn(aResponse().withTransformers(WireMockRoutes.NAME)));
        server.stubFor(post(urlPathMatching("/endpoints/[^/]+/invocations"))
                .willReturn(aResponse().withTransformers(WireMockRoutes.NAME)));
        server.stubFor(post(urlPathEqualTo(OAuthTokenEndpoint.PATH))
                .willReturn(aResponse().withTransformers(WireMockRoutes.NAME)));
        server.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withTransformers(WireMockRoutes.NAME)));
        server.stubFor(get(urlPathEqualTo("/ping"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"Healthy\"}")));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(WireMockRoutes.NAME)));
        this.url = "http://" + LOOPBACK + ":" + server.port();
        this.running = true;
        LOG.info("embedded-service emulator listening on {} (endpoint {}, region {}, product {})", url,
                config.endpointName(), config.region(), config.productCode());
    }

    /** The {@link BindException} among the causes of {@code e} (a port in use), or null. */
    private static BindException bindException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    private static void stopQuietly(WireMockServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping the server that failed to start failed too", e);
        }
    }

    /** Starts an emulator with validated settings. */
    public static EmbeddedServiceEmulator start(EmulatorConfig config) {
        return new DefaultEmbeddedServiceEmulator(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String activationUrl() {
        return url;
    }

    @Override
    public String endpointUrl() {
        return url;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String productCode() {
        return config.productCode();
    }

    @Override
    public String licenseKey() {
        return config.licenseKey();
    }

    @Override
    public String region() {
        return config.region();
    }

    @Override
    public String endpointName() {
        return config.endpointName();
    }

    @Override
    public String accountId() {
        return config.accountId();
    }

    @Override
    public String oauthTokenUrl() {
        return url + OAuthTokenEndpoint.PATH;
    }

    @Override
    public String oauthClientId() {
        return config.oauthClientId();
    }

    @Override
    public String oauthClientSecret() {
        return config.oauthClientSecret();
    }

    @Override
    public String awsAccessKeyId() {
        return EmbeddedServiceEmulator.Builder.DEFAULT_AWS_ACCESS_KEY_ID;
    }

    @Override
    public String awsSecretAccessKey() {
        return EmbeddedServiceEmulator.Builder.DEFAULT_AWS_SECRET_ACCESS_KEY;
    }

    @Override
    public String stsEndpointUrl() {
        return url;
    }

    @Override
    public PublicKey tokenPublicKey() {
        return keyPair.getPublic();
    }

    @Override
    public FaultInjector faults() {
        return faults;
    }

    @Override
    public void activationFailure(ActivationFailure mode) {
        activation.failWith(Objects.requireNonNull(mode, "mode"), -1);
    }

    @Override
    public void activationFailure(ActivationFailure mode, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        activation.failWith(Objects.requireNonNull(mode, "mode"), times);
    }

    @Override
    public void clearActivationFailure() {
        activation.clearFailure();
    }

    @Override
    public void revokeTokens() {
        revocations.revokeAll();
        LOG.debug("revoked every token issued so far");
    }

    @Override
    public void containerMaxRecords(int maxRecords) {
        container.maxRecords(maxRecords);
    }

    @Override
    public int containerMaxRecords() {
        return container.maxRecords();
    }

    @Override
    public String issueToken() {
        return activation.issueToken();
    }

    @Override
    public EmulatorJournal journal() {
        return journal;
    }

    @Override
    public void reset() {
        faults.reset();
        activation.clearFailure();
        container.maxRecords(config.maxRecordsPerInvocation());
        journal.reset();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void close() {
        if (running) {
            running = false;
            server.stop();
            LOG.info("embedded-service emulator on {} stopped", url);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedServiceEmulator[" + url + ", " + config + "]";
    }
}
