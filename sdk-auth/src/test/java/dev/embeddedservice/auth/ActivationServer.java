package dev.embeddedservice.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A partner activation service on loopback (OkHttp's MockWebServer): answers each activation with
 * what {@link #respond} says, by default a new token {@code tok-N} valid for {@link #expiresIn}
 * seconds, and counts and records the activations with the test clock's time. It also counts the
 * client connections still open, to see whether a client released its pooled connections.
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
    private final Object connections = new Object();
    private int openConnections;

    public ActivationServer(Clock clock) throws IOException {
        this.clock = clock;
        server.setServerSocketFactory(new CountingServerSocketFactory());
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

    /** How many client connections are open now. */
    public int openConnections() {
        synchronized (connections) {
            return openConnections;
        }
    }

    /**
     * Waits until every client connection has been closed (the server closes its end once the
     * client has closed its own); false if some are still open after {@code timeout}.
     */
    public boolean awaitNoOpenConnections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connections) {
            while (openConnections > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                connections.wait(left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** Server sockets whose accepted sockets count themselves open until closed. */
    private final class CountingServerSocketFactory extends ServerSocketFactory {

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new CountingServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket socket = new CountingServerSocket();
            socket.bind(new java.net.InetSocketAddress(port));
            return socket;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            ServerSocket socket = new CountingServerSocket();
            socket.bind(new java.net.InetSocketAddress(port), backlog);
            return socket;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket socket = new CountingServerSocket();
            socket.bind(new java.net.InetSocketAddress(address, port), backlog);
            return socket;
        }
    }

    private final class CountingServerSocket extends ServerSocket {

        CountingServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            CountedSocket socket = new CountedSocket();
            implAccept(socket);
            synchronized (connections) {
                openConnections++;
                socket.counted = true;
            }
            return socket;
        }
    }

    private final class CountedSocket extends Socket {
        /** Guarded by {@code connections}. */
        private boolean counted;

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                synchronized (connections) {
                    if (counted) {
                        counted = false;
                        openConnections--;
                        connections.notifyAll();
                    }
                }
            }
        }
    }
}
