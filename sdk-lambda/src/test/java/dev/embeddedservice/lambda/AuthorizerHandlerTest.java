package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.lambda.internal.AuthorizerUnavailableException;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/** The REQUEST authorizer on real authorizer events: callers by VPC endpoint, subscriptions by activation. */
class AuthorizerHandlerTest {

    static final String ALLOWED_VPCE = "vpce-0a1b2c3d4e5f60718";

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    EnvironmentScoped<ActivationTokenProvider> tokens;

    @AfterEach
    void endExecutionEnvironment() {
        if (tokens != null) {
            tokens.drop();
        }
    }

    AuthorizerHandler authorizer(Map<String, String> settings) {
        Map<String, String> env = Fixtures.environment(emulator);
        env.putAll(settings);
        tokens = AuthorizerHandler.tokenHolder(env::get, Fixtures.FAKE_AWS);
        return new AuthorizerHandler(tokens, env::get, Clock.systemUTC());
    }

    AuthorizerHandler allowingTheVpcEndpoint() {
        return authorizer(Map.of(LambdaSettings.ENV_ALLOWED_VPCE_IDS, "vpce-11111111111111111, " + ALLOWED_VPCE));
    }

    static APIGatewayCustomAuthorizerEvent event(String name) {
        return EventLoader.loadAPIGatewayCustomAuthorizerEvent("events/" + name);
    }

    static Map<String, Object> statement(IamPolicyResponse policy) {
        @SuppressWarnings("unchecked")
        Map<String, Object>[] statements = (Map<String, Object>[]) policy.getPolicyDocument().get("Statement");
        assertThat(statements).hasSize(1);
        return statements[0];
    }

    @Test
    void anAllowedCallerGetsAnAllowForTheStageWithNonSecretFactsInTheContext() {
        IamPolicyResponse policy = allowingTheVpcEndpoint().handleRequest(event("authorizer-allowed-vpce.json"), null);

        assertThat(statement(policy)).containsEntry("Effect", "Allow").containsEntry("Action", "execute-api:Invoke");
        assertThat((String[]) statement(policy).get("Resource")).containsExactly("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*");
        assertThat(policy.getPrincipalId()).isEqualTo(ALLOWED_VPCE);
        assertThat(policy.getContext()).containsEntry("subscription", "ACTIVE").containsEntry("vpceId", ALLOWED_VPCE)
                .containsKeys("validUntil", "policyTtlSeconds");
        String token = tokens.get().token().value();
        assertThat(policy.getContext().values()).noneMatch(v -> String.valueOf(v).contains(token));
    }

    @Test
    void theCachedPolicyLivesShorterThanTheTokenItWasValidatedWith() {
        IamPolicyResponse policy = allowingTheVpcEndpoint().handleRequest(event("authorizer-allowed-vpce.json"), null);

        long ttl = ((Number) policy.getContext().get("policyTtlSeconds")).longValue();
        long validUntil = ((Number) policy.getContext().get("validUntil")).longValue();
        assertThat(ttl).isEqualTo(LambdaSettings.DEFAULT_AUTHORIZER_TTL_SECONDS);
        assertThat(Instant.now().getEpochSecond() + ttl).isLessThan(validUntil);
        assertThat(validUntil).isEqualTo(tokens.get().token().expiresAt().getEpochSecond());
    }

    @Test
    void aTokenShorterThanTheCacheTtlIsNeverCachedAsAnAllow() {
        AuthorizerHandler authorizer = authorizer(Map.of(LambdaSettings.ENV_ALLOWED_VPCE_IDS, ALLOWED_VPCE,
                LambdaSettings.ENV_AUTHORIZER_TTL_SECONDS, "4000"));     // the emulator's tokens live 3600 s

        AuthorizerUnavailableException e = catchThrowableOfType(AuthorizerUnavailableException.class,
                () -> authorizer.handleRequest(event("authorizer-allowed-vpce.json"), null));

        assertThat(e).hasMessageContaining("expires before a cached authorization would");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void warmInvocationsValidateTheSubscriptionWithOneActivation() {
        AuthorizerHandler authorizer = allowingTheVpcEndpoint();
        for (int i = 0; i < 50; i++) {
            assertThat(statement(authorizer.handleRequest(event("authorizer-allowed-vpce.json"), null)))
                    .containsEntry("Effect", "Allow");
        }

        assertThat(emulator.journal().activationCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @Events(type = APIGatewayCustomAuthorizerEvent.class, events = {
            @Event("events/authorizer-other-vpce.json"),
            @Event("events/authorizer-no-vpce.json")})
    void aCallerFromAnotherVpcEndpointIsDeniedWithoutAnyActivation(APIGatewayCustomAuthorizerEvent event) {
        IamPolicyResponse policy = allowingTheVpcEndpoint().handleRequest(event, null);

        assertThat(statement(policy)).containsEntry("Effect", "Deny");
        assertThat(policy.getContext()).containsEntry("reason", "CALLER_NOT_ALLOWED");
        assertThat(emulator.journal().activationCount()).isZero();
    }

    @Test
    void aSnapStartCheckpointDropsTheAuthorizersTokenAndTheFirstCallAfterRestoreActivates() {
        AuthorizerHandler authorizer = allowingTheVpcEndpoint();
        authorizer.handleRequest(event("authorizer-allowed-vpce.json"), null);

        tokens.beforeCheckpoint(null);
        assertThat(tokens.isBuilt()).isFalse();
        tokens.afterRestore(null);
        assertThat(emulator.journal().activationCount()).as("no network call in the hooks").isEqualTo(1);

        assertThat(statement(authorizer.handleRequest(event("authorizer-allowed-vpce.json"), null)))
                .containsEntry("Effect", "Allow");
        assertThat(emulator.journal().activationCount()).isEqualTo(2);
    }

    @Test
    void withNoAllowListNobodyIsAllowed() {
        IamPolicyResponse policy = authorizer(Map.of()).handleRequest(event("authorizer-allowed-vpce.json"), null);

        assertThat(statement(policy)).containsEntry("Effect", "Deny");
        assertThat(emulator.journal().activationCount()).isZero();
    }

    @Test
    void anInactiveSubscriptionIsDenied() {
        emulator.emulator().activationFailure(ActivationFailure.SUBSCRIPTION_INACTIVE);

        IamPolicyResponse policy = allowingTheVpcEndpoint().handleRequest(event("authorizer-allowed-vpce.json"), null);

        assertThat(statement(policy)).containsEntry("Effect", "Deny");
        assertThat(policy.getContext()).containsEntry("reason", "SUBSCRIPTION_INACTIVE");
    }

    @Test
    void aRefusedLicenseKeyIsDenied() {
        emulator.emulator().activationFailure(ActivationFailure.INVALID_CREDENTIALS);

        IamPolicyResponse policy = allowingTheVpcEndpoint().handleRequest(event("authorizer-allowed-vpce.json"), null);

        assertThat(policy.getContext()).containsEntry("reason", "INVALID_CREDENTIALS");
    }

    @Test
    void anActivationServiceThatMayRecoverFailsTheInvocationInsteadOfCachingADeny() {
        emulator.emulator().activationFailure(ActivationFailure.OUTAGE);
        AuthorizerHandler authorizer = authorizer(Map.of(LambdaSettings.ENV_ALLOWED_VPCE_IDS, ALLOWED_VPCE,
                LambdaSettings.ENV_ACTIVATION_DEADLINE_SECONDS, "1"));

        AuthorizerUnavailableException e = catchThrowableOfType(AuthorizerUnavailableException.class,
                () -> authorizer.handleRequest(event("authorizer-allowed-vpce.json"), null));

        assertThat(e).hasMessageContaining("try again later").hasNoCause();
    }
}
