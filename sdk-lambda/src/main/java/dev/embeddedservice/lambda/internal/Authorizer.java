package dev.embeddedservice.lambda.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorizer's decision for one request: first the caller (allow-lists), then the subscription
 * (a token from the SDK's token provider, cached for the execution environment). The answer is an
 * IAM policy for the whole API stage, which API Gateway caches for {@code policyTtl}:
 *
 * <ul>
 *   <li>a caller not allowed: {@code Deny}, without any activation;</li>
 *   <li>a refused subscription or license key (not retryable): {@code Deny}, with the reason in the
 *       context ({@code SUBSCRIPTION_INACTIVE}, {@code INVALID_CREDENTIALS});</li>
 *   <li>a failure that may pass (the partner unreachable, 5xx, 429), or a token that would expire
 *       before the cached policy does: {@link AuthorizerUnavailableException}, which API Gateway
 *       answers 500 and does not cache;</li>
 *   <li>otherwise {@code Allow}, with a context of non-secret facts the proxy may log:
 *       {@code subscription}, {@code validUntil} (epoch seconds), {@code policyTtlSeconds},
 *       {@code vpceId}, {@code principalArn}. The token itself never leaves the authorizer.</li>
 * </ul>
 */
public final class Authorizer {

    private static final Logger log = LoggerFactory.getLogger("dev.embeddedservice.lambda.AuthorizerHandler");

    private final Supplier<? extends TokenProvider> tokens;
    private final CallerCheck callers;
    private final Duration policyTtl;
    private final Clock clock;

    public Authorizer(Supplier<? extends TokenProvider> tokens, CallerCheck callers, Duration policyTtl, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.callers = Objects.requireNonNull(callers, "callers");
        this.policyTtl = Objects.requireNonNull(policyTtl, "policyTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The policy for {@code event}; {@code requestId} is for the log line. */
    public IamPolicyResponse authorize(APIGatewayCustomAuthorizerEvent event, String requestId) {
        CallerCheck.Caller caller = callers.check(event);
        String principalId = caller.principalArn() != null ? caller.principalArn()
                : caller.vpceId() != null ? caller.vpceId() : "anonymous";
        if (!caller.allowed()) {
            log.info("request={} decision=Deny reason=CALLER_NOT_ALLOWED detail=\"{}\" vpce={} principal={}",
                    requestId, caller.refusal(), caller.vpceId(), caller.principalArn());
            return policy(principalId, IamPolicyResponse.DENY, event, Map.of("reason", "CALLER_NOT_ALLOWED"));
        }
        AuthToken token;
        try {
            token = tokens.get().token();
        } catch (EmbeddedServiceException e) {
            return refused(e, principalId, event, requestId);
        }
        Instant now = clock.instant();
        Duration remaining = Duration.between(now, token.expiresAt());
        if (remaining.compareTo(policyTtl) <= 0) {
            log.error("request={} decision=Unavailable reason=TOKEN_SHORTER_THAN_TTL remainingSeconds={} "
                    + "ttlSeconds={}: set the authorizer cache TTL below the partner's token lifetime",
                    requestId, remaining.toSeconds(), policyTtl.toSeconds());
            throw new AuthorizerUnavailableException("the subscription was validated, but its token expires "
                    + "before a cached authorization would");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("subscription", "ACTIVE");
        context.put("validUntil", token.expiresAt().getEpochSecond());
        context.put("policyTtlSeconds", policyTtl.toSeconds());
        context.put("vpceId", caller.vpceId() == null ? "" : caller.vpceId());
        context.put("principalArn", caller.principalArn() == null ? "" : caller.principalArn());
        log.info("request={} decision=Allow vpce={} principal={} validForSeconds={}", requestId, caller.vpceId(),
                caller.principalArn(), remaining.toSeconds());
        return policy(principalId, IamPolicyResponse.ALLOW, event, context);
    }

    private IamPolicyResponse refused(EmbeddedServiceException e, String principalId,
                                      APIGatewayCustomAuthorizerEvent event, String requestId) {
        EmbeddedServiceException failure = ServiceErrors.typed(e);
        if (failure instanceof InvalidConfigurationException) {
            log.error("request={} decision=Unavailable reason=AUTHORIZER_MISCONFIGURED detail={}", requestId,
                    failure.getMessage());
            throw new AuthorizerUnavailableException("the authorizer is misconfigured");
        }
        if (failure instanceof ActivationException a && !a.retryable()) {
            String reason = a.errorCode().orElse("ACTIVATION_REFUSED");
            log.warn("request={} decision=Deny reason={} status={}", requestId, reason, a.statusCode().orElse(0));
            return policy(principalId, IamPolicyResponse.DENY, event, Map.of("reason", reason));
        }
        log.warn("request={} decision=Unavailable reason={} retryable={}", requestId,
                failure.getClass().getSimpleName(), failure.retryable());
        throw new AuthorizerUnavailableException("the subscription cannot be validated now; try again later");
    }

    /** A policy on every method of the request's API stage: API Gateway caches it for the whole stage. */
    private static IamPolicyResponse policy(String principalId, String effect, APIGatewayCustomAuthorizerEvent event,
                                            Map<String, Object> context) {
        String resource = stageArn(event.getMethodArn()) + "/*";
        IamPolicyResponse.Statement statement = IamPolicyResponse.Statement.builder()
                .withAction(IamPolicyResponse.EXECUTE_API_INVOKE)
                .withEffect(effect)
                .withResource(List.of(resource))
                .build();
        return IamPolicyResponse.builder()
                .withPrincipalId(principalId)
                .withPolicyDocument(IamPolicyResponse.PolicyDocument.builder()
                        .withVersion(IamPolicyResponse.VERSION_2012_10_17)
                        .withStatement(List.of(statement))
                        .build())
                .withContext(context)
                .build();
    }

    /** {@code arn:aws:execute-api:region:account:apiId/stage} of a method ARN ({@code .../stage/VERB/path}). */
    static String stageArn(String methodArn) {
        if (methodArn == null) {
            throw new AuthorizerUnavailableException("the event has no methodArn");
        }
        String[] parts = methodArn.split("/", 3);
        if (parts.length < 2 || !parts[0].startsWith("arn:")) {
            throw new AuthorizerUnavailableException("the event's methodArn is malformed");
        }
        return parts[0] + "/" + parts[1];
    }
}
