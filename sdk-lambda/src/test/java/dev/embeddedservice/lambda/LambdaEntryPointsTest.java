package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import org.junit.jupiter.api.Test;

/**
 * The constructors Lambda calls: they read nothing secret and call nothing during the function's init
 * (before a SnapStart snapshot), and answer what needs no client.
 */
class LambdaEntryPointsTest {

    @Test
    void theProxysLambdaConstructorBuildsNothingUntilARequestNeedsIt() {
        ProxyHandler proxy = new ProxyHandler();

        APIGatewayProxyResponseEvent response = proxy.handleRequest(Fixtures.event("bad-unknown-type.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
    }

    @Test
    void theAuthorizersLambdaConstructorWithoutAllowListsDeniesWithoutActivating() {
        AuthorizerHandler authorizer = new AuthorizerHandler();

        IamPolicyResponse policy = authorizer.handleRequest(AuthorizerHandlerTest.event("authorizer-allowed-vpce.json"), null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Deny");
        assertThat(policy.getContext()).containsEntry("reason", "CALLER_NOT_ALLOWED");
    }
}
