package dev.embeddedservice.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A partner activation service on loopback (OkHttp's MockWebServer): answers each activation with
 * what {@link #respond} says, by default a new token {@code tok-N} valid for {@link #expiresIn}
 * seconds, and counts and records the activations with the test clock's time.
 */
public final class ActivationServer implements AutoCloseable {

    public static final String PRODUCT_CODE = "prod-test";
    public static final String LICENSE_KEY = "lk-Secret-42";

    private final MockWebServer server = new MockWebServer();
    private final Clock clock;
    private final AtomicInteger activations = new AtomicInteger();
    private final List<Long> activationMillis = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile long expiresIn = 3600;
    private volatile IntFunction<MockResponse> responder = n -> token("tok-" + n, expiresIn);

    public ActivationServer(Clock clock) throws IOException {
        this.clock = clock;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                if (!"/v1/activate".equals(request.getUrl().encodedPath())) {
                    return new MockResponse.Builder().code(404).build();
                }
                int n = activations.incrementAndGet();
                activationMillis.add(clock.millis());
                return responder.apply(n);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** A 200 activation answer. */
    public static MockResponse token(String token, long expiresIn) {
        return json(200, "{\"token\":\"" + token + "\",\"expiresIn\":" + expiresIn
                + ",\"config\":{\"endpointName\":\"esvc-test\",\"maxRecordsPerInvocation\":500}}");
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** An error answer in protocol §1's form. */
    public static MockResponse error(int status, String code, String message) {
        return json(status, "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    /** What to answer to the n-th activation (1-based). */
    public void respond(IntFunction<MockResponse> responder) {
        this.responder = responder;
    }

    public void expiresIn(long seconds) {
        this.expiresIn = seconds;
    }

    public int activations() {
        return activations.get();
    }

    /** The test clock's time at each activation the server received. */
    public List<Long> activationMillis() {
        return activationMillis;
    }

    public List<RecordedRequest> requests() {
        return requests;
    }

    public String url() {
        return server.url("/").toString();
    }

    /** A config for this server with a license key, reading no environment variables. */
    public ActivationConfig config() {
        return configBuilder().build();
    }

    public ActivationConfig.Builder configBuilder() {
        return ActivationConfig.builder()
                .activationUrl(url())
                .productCode(PRODUCT_CODE)
                .licenseKey(LICENSE_KEY)
                .environment(name -> null);
    }

    @Override
    public void close() {
        server.close();
    }
}
