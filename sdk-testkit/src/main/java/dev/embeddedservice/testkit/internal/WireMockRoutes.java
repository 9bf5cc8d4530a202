package dev.embeddedservice.testkit.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.embeddedservice.testkit.RecordedRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The WireMock extension that hands each request of the emulator's stubs to the service behind it (activation,
 * SageMaker Runtime, the OAuth 2.0 token endpoint, STS) and turns the
 * {@link HttpAnswer} into a WireMock response definition (connection reset and delay included).
 */
final class WireMockRoutes implements ResponseDefinitionTransformerV2 {

    static final String NAME = "embedded-service-emulator";

    private final ActivationService activation;
    private final SageMakerRuntime runtime;
    private final OAuthTokenEndpoint oauth;
    private final StsService sts;
    private final DefaultEmulatorJournal journal;
    private final Clock clock;

    WireMockRoutes(ActivationService activation, SageMakerRuntime runtime, OAuthTokenEndpoint oauth, StsService sts,
                   DefaultEmulatorJournal journal, Clock clock) {
        this.activation = activation;
        this.runtime = runtime;
        this.oauth = oauth;
        this.sts = sts;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        InboundRequest request = inbound(serveEvent.getRequest());
        RecordedRequest recorded = new RecordedRequest(clock.instant(), request.method(), request.rawPath(), request.headers());
        HttpAnswer answer;
        if ("POST".equals(request.method()) && "/v1/activate".equals(request.rawPath())) {
            journal.activationRequest(recorded);
            answer = activation.activate(request);
        } else if ("POST".equals(request.method()) && SageMakerRuntime.isInvocationPath(request.rawPath())) {
            journal.invocationRequest(recorded);
            answer = runtime.invoke(request);
        } else if (OAuthTokenEndpoint.handles(request)) {
            journal.otherRequest(recorded);
            answer = oauth.token(request);
        } else if (StsService.handles(request)) {
            journal.otherRequest(recorded);
            answer = sts.handle(request);
        } else {
            journal.otherRequest(recorded);
            answer = SageMakerRuntime.awsError(404, "UnknownOperationException",
                    "No route for " + request.method() + " " + request.rawPath(), "none");
        }
        return toDefinition(answer);
    }

    private static InboundRequest inbound(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpHeader header : request.getHeaders().all()) {
            headers.merge(header.key(), List.copyOf(header.values()), (a, b) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            });
        }
        byte[] body = request.getBody();
        return new InboundRequest(request.getMethod().getName(), q < 0 ? url : url.substring(0, q),
                q < 0 ? null : url.substring(q + 1), headers, body == null ? new byte[0] : body);
    }

    private static ResponseDefinition toDefinition(HttpAnswer answer) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition();
        if (answer.resetConnection()) {
            builder.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
        } else {
            builder.withStatus(answer.status());
            for (Map.Entry<String, String> header : answer.headers().entrySet()) {
                builder.withHeader(header.getKey(), header.getValue());
            }
            builder.withBody(answer.body());
        }
        if (answer.delayMillis() > 0) {
            builder.withFixedDelay((int) Math.min(Integer.MAX_VALUE, answer.delayMillis()));
        }
        return builder.build();
    }
}
