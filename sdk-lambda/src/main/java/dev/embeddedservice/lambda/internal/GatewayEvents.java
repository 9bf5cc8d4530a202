package dev.embeddedservice.lambda.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events API Gateway makes of one HTTP request of a private REST API: the REQUEST authorizer's
 * event, then the proxy's payload 1.0 event with the authorizer's context. Used by the local front.
 */
public final class GatewayEvents {

    /** One request as the front received it; {@code resource} is the matched route. */
    public record Request(String method, String path, String resource, Map<String, String> pathParameters,
                          Map<String, String> queryParameters, Map<String, List<String>> headers, String body,
                          String sourceIp, String requestId) {
    }

    private final String accountId;
    private final String region;
    private final String apiId;
    private final String stage;

    public GatewayEvents(String accountId, String region, String apiId, String stage) {
        this.accountId = accountId;
        this.region = region;
        this.apiId = apiId;
        this.stage = stage;
    }

    /** The REQUEST authorizer's event. */
    public APIGatewayCustomAuthorizerEvent authorizerEvent(Request r) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn("arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/"
                + r.method() + r.path());
        event.setResource(r.resource());
        event.setPath(r.path());
        event.setHttpMethod(r.method());
        event.setHeaders(singleValued(r.headers()));
        event.setQueryStringParameters(r.queryParameters());
        event.setPathParameters(r.pathParameters());
        event.setStageVariables(Map.of());
        APIGatewayCustomAuthorizerEvent.RequestContext context = new APIGatewayCustomAuthorizerEvent.RequestContext();
        context.setAccountId(accountId);
        context.setApiId(apiId);
        context.setStage(stage);
        context.setRequestId(r.requestId());
        context.setPath("/" + stage + r.path());
        context.setResourcePath(r.resource());
        context.setHttpMethod(r.method());
        APIGatewayCustomAuthorizerEvent.Identity identity = new APIGatewayCustomAuthorizerEvent.Identity();
        identity.setSourceIp(r.sourceIp());
        context.setIdentity(identity);
        event.setRequestContext(context);
        return event;
    }

    /** The proxy's REST (payload 1.0) event, carrying the authorizer's principal and context. */
    public APIGatewayProxyRequestEvent proxyEvent(Request r, IamPolicyResponse authorization) {
        Map<String, Object> authorizer = new HashMap<>();
        if (authorization.getContext() != null) {
            authorizer.putAll(authorization.getContext());
        }
        authorizer.put("principalId", authorization.getPrincipalId());
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp(r.sourceIp());
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId(accountId)
                .withApiId(apiId)
                .withStage(stage)
                .withRequestId(r.requestId())
                .withPath("/" + stage + r.path())
                .withResourcePath(r.resource())
                .withHttpMethod(r.method())
                .withProtocol("HTTP/1.1")
                .withIdentity(identity);
        context.setAuthorizer(authorizer);
        return new APIGatewayProxyRequestEvent()
                .withResource(r.resource())
                .withPath(r.path())
                .withHttpMethod(r.method())
                .withHeaders(singleValued(r.headers()))
                .withMultiValueHeaders(r.headers())
                .withQueryStringParameters(r.queryParameters().isEmpty() ? null : r.queryParameters())
                .withPathParameters(r.pathParameters().isEmpty() ? null : r.pathParameters())
                .withBody(r.body().isEmpty() ? null : r.body())
                .withIsBase64Encoded(false)
                .withRequestContext(context);
    }

    /** Whether API Gateway lets the request through: the policy's one statement allows it. */
    public static boolean allows(IamPolicyResponse policy) {
        Object statements = policy.getPolicyDocument().get("Statement");
        if (!(statements instanceof Map<?, ?>[] array) || array.length == 0) {
            return false;
        }
        for (Map<?, ?> statement : array) {
            if (!IamPolicyResponse.ALLOW.equals(statement.get("Effect"))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> singleValued(Map<String, List<String>> headers) {
        Map<String, String> single = new HashMap<>();
        headers.forEach((name, values) -> single.put(name, values.get(values.size() - 1)));
        return single;
    }
}
