package dev.embeddedservice.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.lambda.internal.Authorizer;
import dev.embeddedservice.lambda.internal.CallerCheck;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.lambda.internal.IdentityProofVerifier;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The authorizer Lambda of the customer-VPC stack: an API Gateway REQUEST authorizer in front of the
 * {@link ProxyHandler}. For each request (or, with API Gateway's authorizer cache, each caller once
 * per cache TTL) it
 *
 * <ol>
 *   <li>authorizes the caller against allow-lists from the environment: the VPC endpoints
 *       ({@code EMBEDDED_SERVICE_ALLOWED_VPCE_IDS}, matched against the {@code x-amzn-vpce-id} header
 *       API Gateway sets on a private API's requests) and the IAM principals
 *       ({@code EMBEDDED_SERVICE_ALLOWED_PRINCIPAL_ARNS}, proven by an identity proof in the
 *       {@code X-Embedded-Service-Identity} header, which the authorizer has STS verify). Every list
 *       that is set must be passed; with none set, nobody passes;</li>
 *   <li>validates the subscription by activating through the SDK's {@link ActivationTokenProvider},
 *       whose token is cached for the execution environment, so warm invocations do not activate;</li>
 *   <li>answers an IAM policy for the API stage: {@code Allow} with a context of non-secret facts
 *       ({@code subscription}, {@code validUntil}, {@code policyTtlSeconds}, {@code vpceId},
 *       {@code principalArn}), or {@code Deny} with a {@code reason} ({@code CALLER_NOT_ALLOWED},
 *       {@code SUBSCRIPTION_INACTIVE}, {@code INVALID_CREDENTIALS}). When the subscription cannot be
 *       checked now, or the token would expire before API Gateway's cached policy
 *       ({@code EMBEDDED_SERVICE_AUTHORIZER_TTL_SECONDS}, default 300), it fails the invocation
 *       instead, which API Gateway answers 500 and does not cache.</li>
 * </ol>
 *
 * <p>The token never leaves the authorizer: the proxy holds its own (docs/lambda.md says why). The
 * activation settings are the proxy's ({@code EMBEDDED_SERVICE_ACTIVATION_URL}, {@code _PRODUCT_CODE},
 * {@code _LICENSE_KEY} or {@code _LICENSE_KEY_SECRET_ARN}); under SnapStart the token provider is
 * closed before the checkpoint and built again by the first invocation after a restore.
 *
 * <pre>{@code
 * AuthorizerHandler authorizer = new AuthorizerHandler(tokenProvider,
 *         Map.of("EMBEDDED_SERVICE_ALLOWED_VPCE_IDS", "vpce-0a1b2c3d4e5f60718")::get);
 * IamPolicyResponse policy = authorizer.handleRequest(event, context);
 * }</pre>
 */
public final class AuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponse> {

    /** Comma-separated VPC endpoint ids ({@code vpce-...}) whose requests may pass. */
    public static final String ENV_ALLOWED_VPCE_IDS = LambdaSettings.ENV_ALLOWED_VPCE_IDS;
    /** Comma-separated IAM role or user ARNs that may call, proven by an identity proof. */
    public static final String ENV_ALLOWED_PRINCIPAL_ARNS = LambdaSettings.ENV_ALLOWED_PRINCIPAL_ARNS;
    /** API Gateway's authorizer cache TTL in seconds, as the template sets it (default 300). */
    public static final String ENV_AUTHORIZER_TTL_SECONDS = LambdaSettings.ENV_AUTHORIZER_TTL_SECONDS;
    /** Where identity proofs are verified (an STS VPC endpoint's URL); the STS host a proof names by default. */
    public static final String ENV_STS_ENDPOINT_URL = LambdaSettings.ENV_STS_ENDPOINT_URL;

    private final Authorizer authorizer;

    /** The handler Lambda runs: configured from the environment, one token provider per execution environment. */
    public AuthorizerHandler() {
        this(ExecutionEnvironment.TOKENS, System::getenv, Clock.systemUTC());
    }

    /**
     * A handler validating subscriptions with {@code tokens}, which it borrows (it never closes it),
     * and reading its allow-lists and cache TTL from {@code environment}.
     */
    public AuthorizerHandler(TokenProvider tokens, UnaryOperator<String> environment) {
        this(borrowed(Objects.requireNonNull(tokens, "tokens")), environment, Clock.systemUTC());
    }

    AuthorizerHandler(Supplier<? extends TokenProvider> tokens, UnaryOperator<String> environment, Clock clock) {
        String sts = environment.apply(LambdaSettings.ENV_STS_ENDPOINT_URL);
        CallerCheck callers = new CallerCheck(
                LambdaSettings.list(environment, LambdaSettings.ENV_ALLOWED_VPCE_IDS),
                LambdaSettings.list(environment, LambdaSettings.ENV_ALLOWED_PRINCIPAL_ARNS),
                new IdentityProofVerifier(sts == null || sts.isBlank() ? null : URI.create(sts.trim()), clock));
        this.authorizer = new Authorizer(tokens, callers, policyTtl(environment), clock);
    }

    private static Supplier<TokenProvider> borrowed(TokenProvider tokens) {
        return () -> tokens;
    }

    /** API Gateway's authorizer cache TTL, as the template sets it. */
    static Duration policyTtl(UnaryOperator<String> environment) {
        return Duration.ofSeconds(LambdaSettings.seconds(environment, LambdaSettings.ENV_AUTHORIZER_TTL_SECONDS,
                LambdaSettings.DEFAULT_AUTHORIZER_TTL_SECONDS));
    }

    /**
     * The token provider of an execution environment: it refreshes while more than twice the cache
     * TTL is left, so the token it serves outlives any policy cached on it.
     */
    static EnvironmentScoped<ActivationTokenProvider> tokenHolder(UnaryOperator<String> environment,
                                                                  AwsCredentialsProvider credentials) {
        return EnvironmentScoped.of("authorizer token provider", () -> buildTokens(environment, credentials));
    }

    static ActivationTokenProvider buildTokens(UnaryOperator<String> environment, AwsCredentialsProvider credentials) {
        return ActivationTokenProvider.builder()
                .activationConfig(LambdaSettings.activationConfig(environment, credentials))
                .prefetchMargin(policyTtl(environment).multipliedBy(2))
                .build();
    }

    @Override
    public IamPolicyResponse handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId()
                : event.getRequestContext() != null ? event.getRequestContext().getRequestId() : null;
        return authorizer.authorize(event, requestId);
    }

    /** The one token provider of this execution environment, registered for SnapStart's checkpoint. */
    private static final class ExecutionEnvironment {
        static final EnvironmentScoped<ActivationTokenProvider> TOKENS = EnvironmentScoped.registered(
                "authorizer token provider",
                () -> buildTokens(System::getenv, DefaultCredentialsProvider.builder().build()));
    }
}
