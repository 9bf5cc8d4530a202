package dev.embeddedservice.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.embeddedservice.lambda.internal.CallerCheck;
import dev.embeddedservice.lambda.internal.GatewayEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both handlers on loopback behind a minimal HTTP front shaped like API Gateway's private REST API
 * (payload 1.0), for a local run without AWS ({@code esvc proxy}): each request becomes the REQUEST
 * authorizer's event, then, if the policy allows it, the proxy's event with the authorizer's context,
 * exactly as API Gateway makes them; the proxy's answer is returned as is.
 *
 * <p>As through the stack's VPC endpoint, every request carries {@code x-amzn-vpce-id:
 * }{@value #VPC_ENDPOINT_ID} (a client's own value is replaced). What API Gateway answers itself is
 * answered likewise: a route other than {@code POST /translate} and {@code POST /invoke/{operation}}
 * is {@code 403 Missing Authentication Token}, a Deny {@code 403}, an authorizer failure {@code 500},
 * a body over 6 MB {@code 413}. Unlike API Gateway it caches no authorizer decision (the authorizer's
 * token is cached all the same).
 *
 * <pre>{@code
 * try (LocalApiGateway gateway = LocalApiGateway.start(8080, authorizer, proxy)) {
 *     // curl -X POST http://127.0.0.1:8080/translate -d '{"identifiers": [{"type": "email", "value": "a@example.com"}]}'
 * }
 * }</pre>
 */
public final class LocalApiGateway implements AutoCloseable {

    /** The VPC endpoint id every request is given, as if it came through the stack's execute-api endpoint. */
    public static final String VPC_ENDPOINT_ID = "vpce-0local0000000000";
    /** The API id of the local front: the audience of callers' identity proofs. */
    public static final String API_ID = "local";
    /** The stage in the events' paths and ARNs. */
    public static final String STAGE = "local";

    private static final Logger log = LoggerFactory.getLogger(LocalApiGateway.class);
    private static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService workers;
    private final AuthorizerHandler authorizer;
    private final ProxyHandler proxy;
    private final GatewayEvents events = new GatewayEvents("000000000000", "local", API_ID, STAGE);

    private LocalApiGateway(HttpServer server, ExecutorService workers, AuthorizerHandler authorizer, ProxyHandler proxy) {
        this.server = server;
        this.workers = workers;
        this.authorizer = authorizer;
        this.proxy = proxy;
    }

    /**
     * Serves {@code authorizer} and {@code proxy} on 127.0.0.1:{@code port} (0: a free port) until
     * {@link #close()}. The handlers are borrowed.
     */
    public static LocalApiGateway start(int port, AuthorizerHandler authorizer, ProxyHandler proxy) {
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(proxy, "proxy");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "local-api-gateway");
                t.setDaemon(true);
                return t;
            });
            LocalApiGateway gateway = new LocalApiGateway(server, workers, authorizer, proxy);
            server.createContext("/", gateway::serve);
            server.setExecutor(workers);
            server.start();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("the local API front could not listen on port " + port, e);
        }
    }

    /** The base URL, such as {@code http://127.0.0.1:8080}; {@code POST {url}/translate}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            String method = exchange.getRequestMethod();
            Map<String, String> pathParameters = new HashMap<>();
            String resource = route(method, path, pathParameters);
            if (resource == null) {
                answer(exchange, 403, "{\"message\":\"Missing Authentication Token\"}");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                answer(exchange, 413, "{\"message\":\"Request Too Long\"}");
                return;
            }
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(CallerCheck.VPCE_HEADER)) {
                    headers.put(name, new ArrayList<>(values));
                }
            });
            headers.put(CallerCheck.VPCE_HEADER, List.of(VPC_ENDPOINT_ID));
            GatewayEvents.Request request = new GatewayEvents.Request(method, path, resource, pathParameters,
                    query(uri.getRawQuery()), headers, new String(body, StandardCharsets.UTF_8),
                    exchange.getRemoteAddress().getAddress().getHostAddress(), UUID.randomUUID().toString());
            IamPolicyResponse policy;
            try {
                policy = authorizer.handleRequest(events.authorizerEvent(request), null);
            } catch (RuntimeException e) {
                log.warn("local API: the authorizer failed ({}): 500", e.getMessage());
                answer(exchange, 500, "{\"message\":null}");
                return;
            }
            if (!GatewayEvents.allows(policy)) {
                answer(exchange, 403, "{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
                return;
            }
            APIGatewayProxyResponseEvent response = proxy.handleRequest(events.proxyEvent(request, policy), null);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            }
            answer(exchange, response.getStatusCode(), response.getBody() == null ? "" : response.getBody());
        } catch (RuntimeException e) {
            log.error("local API: the request failed ({})", e.getClass().getName());
            answer(exchange, 502, "{\"message\":\"Internal server error\"}");
        }
    }

    /** The API's resource for {@code method path}, or null when the API has no such route. */
    private static String route(String method, String path, Map<String, String> pathParameters) {
        if (!"POST".equals(method)) {
            return null;
        }
        if (path.equals("/translate")) {
            return "/translate";
        }
        if (path.startsWith("/invoke/") && path.indexOf('/', "/invoke/".length()) < 0
                && path.length() > "/invoke/".length()) {
            pathParameters.put("operation", URLDecoder.decode(path.substring("/invoke/".length()), StandardCharsets.UTF_8));
            return "/invoke/{operation}";
        }
        return null;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                parameters.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
