package dev.embeddedservice.lambda.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.BatchResult;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's work for one API Gateway REST (payload 1.0) request: route, parse, call the SDK, answer.
 * Every outcome is an HTTP answer with a JSON body; nothing is thrown to the Lambda runtime, so no
 * stack trace reaches the caller or the log. One log line per request names the route, the status
 * and the counts, never a value, a token or a key.
 */
public final class ProxyRouter {

    /**
     * The most identifiers (or records) one request may carry. Lambda's synchronous invocation payload
     * is at most 6 MB each way (API Gateway's 10 MB does not help past it); 10,000 identifiers are
     * about 1 MB in and 1 MB of results out, and 10 InvokeEndpoint calls at the partner's default of
     * 1,000 records, well inside API Gateway's 29 s integration timeout (docs/lambda.md).
     */
    public static final int MAX_RECORDS_PER_REQUEST = 10_000;
    /** The largest response body written: Lambda's 6 MB synchronous response limit less room for the envelope. */
    public static final int MAX_RESPONSE_BYTES = 6_000_000;

    private static final Logger log = LoggerFactory.getLogger("dev.embeddedservice.lambda.ProxyHandler");
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "application/json",
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff");

    private final Supplier<EmbeddedServiceClient> clients;

    public ProxyRouter(Supplier<EmbeddedServiceClient> clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** The answer to {@code event}; {@code requestId} is for the log line. */
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, String requestId) {
        String route = "?";
        try {
            Target target = target(event);
            route = target.route;
            JsonNode body = JsonBodies.parseObject(event.getBody(), Boolean.TRUE.equals(event.getIsBase64Encoded()));
            String json;
            InvocationSummary summary;
            if (target.operation == null) {
                TranslateRequest request = TranslateRoute.parse(body, MAX_RECORDS_PER_REQUEST);
                TranslateResponse response = clients.get().translate(request);
                json = TranslateRoute.render(response);
                summary = response.summary();
            } else {
                InvokeRoute.Call call = InvokeRoute.parse(target.operation, body, MAX_RECORDS_PER_REQUEST);
                BatchResult<JsonNode> result = clients.get().invoke(call.operation(), call.inputs());
                json = InvokeRoute.render(result);
                summary = result.summary();
            }
            if (json.getBytes(StandardCharsets.UTF_8).length > MAX_RESPONSE_BYTES) {
                throw new RequestProblem(413, "RESPONSE_TOO_LARGE", "the answer exceeds the synchronous Lambda "
                        + "response limit (6 MB): send fewer records");
            }
            log.info("request={} route={} status=200 records={} ok={} notFound={} invalid={} failed={} "
                            + "invocations={} retries={} reactivations={} billed={} elapsedMs={}",
                    requestId, route, summary.records(), summary.ok(), summary.notFound(), summary.invalid(),
                    summary.failed(), summary.invocations(), summary.retries(), summary.reactivations(),
                    summary.billedRecords(), summary.elapsed().toMillis());
            return response(200, json);
        } catch (RequestProblem p) {
            log.info("request={} route={} status={} error={}", requestId, route, p.status(), p.code());
            return response(p.status(), JsonBodies.error(p.code(), p.getMessage()), p.status() == 405
                    ? Map.of("Allow", "POST") : Map.of());
        } catch (EmbeddedServiceException e) {
            ServiceErrors.Answer a = ServiceErrors.answer(e);
            if (a.status() == 500 && e instanceof InvalidConfigurationException) {
                log.error("request={} route={} status=500 error={} detail={}", requestId, route, a.code(),
                        e.getMessage());
            } else {
                log.warn("request={} route={} status={} error={} retryable={}", requestId, route, a.status(),
                        a.code(), a.retryable());
            }
            return response(a.status(), JsonBodies.write(g -> {
                g.writeStartObject();
                g.writeStringField("error", a.code());
                g.writeStringField("message", a.message());
                g.writeBooleanField("retryable", a.retryable());
                g.writeEndObject();
            }));
        } catch (RuntimeException e) {
            // No message: a third party's could quote input. The type is enough to start looking.
            log.error("request={} route={} status=500 error=INTERNAL_ERROR type={}", requestId, route,
                    e.getClass().getName());
            return response(500, JsonBodies.error("INTERNAL_ERROR", "the proxy failed; its log has the request id"));
        }
    }

    private record Target(String route, String operation) {
    }

    private static Target target(APIGatewayProxyRequestEvent event) {
        String resource = event.getResource() != null ? event.getResource() : String.valueOf(event.getPath());
        Target target;
        if (resource.equals("/translate")) {
            target = new Target("/translate", null);
        } else if (resource.equals("/invoke/{operation}")) {
            Map<String, String> params = event.getPathParameters();
            String operation = params == null ? null : params.get("operation");
            target = new Target(resource, operation == null ? "" : operation);
        } else if (resource.startsWith("/invoke/")) {
            target = new Target("/invoke/{operation}", resource.substring("/invoke/".length()));
        } else {
            throw new RequestProblem(404, "NOT_FOUND", "no such route: POST /translate or POST /invoke/{operation}");
        }
        if (!"POST".equals(event.getHttpMethod())) {
            throw new RequestProblem(405, "METHOD_NOT_ALLOWED", target.route + " takes POST only");
        }
        return target;
    }

    private static APIGatewayProxyResponseEvent response(int status, String body) {
        return response(status, body, Map.of());
    }

    private static APIGatewayProxyResponseEvent response(int status, String body, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(HEADERS);
        headers.putAll(extra);
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false);
    }
}
