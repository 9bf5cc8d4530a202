package dev.embeddedservice.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import dev.embeddedservice.lambda.internal.ProxyRouter;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The proxy Lambda of the customer-VPC stack: behind a private API Gateway REST API (payload 1.0),
 * it passes callers' identifiers through the SDK to the partner's SageMaker endpoint, so that
 * applications not on the JVM, or that should not each hold the license key, can use the service.
 *
 * <ul>
 *   <li>{@code POST /translate} with {@code {"targetNamespace": "ns", "identifiers": [{"type": "email",
 *       "value": "..."}, ...]}} ({@code targetNamespace} optional; types as {@code esvc --type}) answers
 *       {@code 200 {"results": [{"status": "OK", "translatedId": "tk_..."}, {"status": "INVALID",
 *       "reason": "..."}, ...], "summary": {...}}}, one result per identifier, in input order.</li>
 *   <li>{@code POST /invoke/{operation}} with {@code {"params": {...}, "records": [{"data": ...}, ...]}}
 *       calls any other partner operation, passing each record's {@code data} through.</li>
 *   <li>A bad request is {@code 400 {"error": ..., "message": ...}}; more than
 *       {@value #MAX_RECORDS_PER_REQUEST} identifiers (the synchronous Lambda payload limit) is 413;
 *       a refused activation is 403 {@code SUBSCRIPTION_INACTIVE} or 502 with the typed reason.
 *       No answer and no log line holds a stack trace, a token, the license key or a value.</li>
 * </ul>
 *
 * <p><b>Configuration</b> (no-argument constructor, what Lambda calls): {@code EMBEDDED_SERVICE_ACTIVATION_URL},
 * {@code EMBEDDED_SERVICE_PRODUCT_CODE}, the license key as {@code EMBEDDED_SERVICE_LICENSE_KEY} or, better,
 * in the Secrets Manager secret named by {@code EMBEDDED_SERVICE_LICENSE_KEY_SECRET_ARN} (read once per
 * execution environment), {@code EMBEDDED_SERVICE_ENDPOINT_NAME}, {@code EMBEDDED_SERVICE_ENDPOINT_URL}
 * (a SageMaker Runtime VPC endpoint, optional), {@code AWS_REGION}, {@code EMBEDDED_SERVICE_TARGET_NAMESPACE}.
 * AWS credentials come from the AWS SDK's default chain (the function's role).
 *
 * <p><b>Lifecycle.</b> The client, and so its token, lives in the execution environment: built on the
 * first invocation, shared by every later one, so warm invocations never activate while the token is
 * fresh. Under SnapStart it is closed before the checkpoint (no token in a snapshot) and built again
 * on the first invocation after a restore.
 *
 * <pre>{@code
 * // in a test, or any host that already has a client:
 * ProxyHandler proxy = new ProxyHandler(client);
 * APIGatewayProxyResponseEvent response = proxy.handleRequest(new APIGatewayProxyRequestEvent()
 *         .withHttpMethod("POST").withResource("/translate")
 *         .withBody("{\"identifiers\": [{\"type\": \"email\", \"value\": \"alice@example.com\"}]}"), null);
 * }</pre>
 */
public final class ProxyHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** The most identifiers (or records) one request may carry; more is answered 413. */
    public static final int MAX_RECORDS_PER_REQUEST = ProxyRouter.MAX_RECORDS_PER_REQUEST;

    private final ProxyRouter router;

    /** The handler Lambda runs: configured from the environment, sharing one client per execution environment. */
    public ProxyHandler() {
        this(ExecutionEnvironment.CLIENT);
    }

    /** A handler on {@code client}, which it borrows: it never closes it. */
    public ProxyHandler(EmbeddedServiceClient client) {
        this(borrowed(Objects.requireNonNull(client, "client")));
    }

    private static Supplier<EmbeddedServiceClient> borrowed(EmbeddedServiceClient client) {
        return () -> client;
    }

    ProxyHandler(Supplier<EmbeddedServiceClient> clients) {
        this.router = new ProxyRouter(clients);
    }

    /** The proxy's client holder for an environment (tests give theirs). */
    static EnvironmentScoped<EmbeddedServiceClient> clientHolder(UnaryOperator<String> environment,
                                                                 AwsCredentialsProvider credentials) {
        return EnvironmentScoped.of("proxy client", () -> buildClient(environment, credentials));
    }

    static EmbeddedServiceClient buildClient(UnaryOperator<String> environment, AwsCredentialsProvider credentials) {
        return EmbeddedServiceClient.builder()
                .activationConfig(LambdaSettings.activationConfig(environment, credentials))
                .credentialsProvider(credentials)
                .environment(environment)
                .build();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId()
                : event.getRequestContext() != null ? event.getRequestContext().getRequestId() : null;
        return router.handle(event, requestId);
    }

    /** The one client of this execution environment, registered for SnapStart's checkpoint. */
    private static final class ExecutionEnvironment {
        static final EnvironmentScoped<EmbeddedServiceClient> CLIENT = EnvironmentScoped.registered("proxy client",
                () -> buildClient(System::getenv, DefaultCredentialsProvider.builder().build()));
    }
}
