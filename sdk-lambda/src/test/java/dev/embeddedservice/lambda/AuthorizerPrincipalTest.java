package dev.embeddedservice.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.IdentityProof;
import dev.embeddedservice.auth.StsIdentityProofProvider;
import dev.embeddedservice.lambda.internal.EnvironmentScoped;
import dev.embeddedservice.lambda.internal.IdentityProofVerifier;
import dev.embeddedservice.lambda.internal.LambdaSettings;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Callers allowed by IAM principal: their identity proof (a signed, unsent STS GetCallerIdentity)
 * is verified by STS (the emulator's, which checks SigV4 signatures for real), never taken on trust.
 */
class AuthorizerPrincipalTest {

    static final String KEY_ID = "AKIDCALLERTEST000001";
    static final String SECRET = "caller-test-secret-key-not-used-anywhere";
    static final String API_ID = "a1b2c3d4e5";     // the events' API: the audience a proof must name

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .awsCredentials(KEY_ID, SECRET)
            .requireIdentityProof(false)
            .build();

    EnvironmentScoped<ActivationTokenProvider> tokens;

    @AfterEach
    void endExecutionEnvironment() {
        if (tokens != null) {
            tokens.drop();
        }
    }

    static String callerArn() {
        return "arn:aws:iam::" + emulator.emulator().accountId() + ":user/esvc-emulator-user";
    }

    AuthorizerHandler allowing(String principals) {
        Map<String, String> env = new HashMap<>(Fixtures.environment(emulator));
        env.put(LambdaSettings.ENV_ALLOWED_PRINCIPAL_ARNS, principals);
        env.put(LambdaSettings.ENV_STS_ENDPOINT_URL, emulator.stsEndpointUrl());
        tokens = AuthorizerHandler.tokenHolder(env::get, Fixtures.FAKE_AWS);
        return new AuthorizerHandler(tokens, env::get, Clock.systemUTC());
    }

    static APIGatewayCustomAuthorizerEvent withProof(AwsCredentialsProvider signer, String audience) throws Exception {
        IdentityProof proof = StsIdentityProofProvider.builder()
                .credentialsProvider(signer)
                .region(Region.of(emulator.region()))
                .build()
                .identityProof(audience);
        APIGatewayCustomAuthorizerEvent event = AuthorizerHandlerTest.event("authorizer-allowed-vpce.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put(IdentityProofVerifier.HEADER, encode(proof));
        event.setHeaders(headers);
        return event;
    }

    static String encode(IdentityProof proof) throws JsonProcessingException {
        return Base64.getEncoder().encodeToString(Fixtures.JSON.writeValueAsString(Map.of("method", proof.method(),
                "url", proof.url(), "headers", proof.headers(), "body", proof.body())).getBytes(StandardCharsets.UTF_8));
    }

    static StaticCredentialsProvider credentials(String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, secret));
    }

    @Test
    void anAllowedPrincipalWithAValidProofIsAllowed() throws Exception {
        IamPolicyResponse policy = allowing("arn:aws:iam::111122223333:role/other, " + callerArn())
                .handleRequest(withProof(credentials(SECRET), API_ID), null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Allow");
        assertThat(policy.getPrincipalId()).isEqualTo(callerArn());
        assertThat(policy.getContext()).containsEntry("principalArn", callerArn());
        assertThat(emulator.journal().stsRequestCount()).isEqualTo(1);
    }

    @Test
    void aPrincipalNotOnTheListIsDenied() throws Exception {
        IamPolicyResponse policy = allowing("arn:aws:iam::111122223333:role/other")
                .handleRequest(withProof(credentials(SECRET), API_ID), null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Deny");
        assertThat(emulator.journal().activationCount()).isZero();
    }

    @Test
    void aProofSignedWithAWrongSecretIsRefusedBySts() throws Exception {
        IamPolicyResponse policy = allowing(callerArn())
                .handleRequest(withProof(credentials("not-the-secret-key-of-this-caller-00000"), API_ID), null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Deny");
        assertThat(emulator.journal().stsRequestCount()).isEqualTo(1);
    }

    @Test
    void aProofMadeForAnotherApiIsNotReplayable() throws Exception {
        IamPolicyResponse policy = allowing(callerArn())
                .handleRequest(withProof(credentials(SECRET), "zz9y8x7w6v"), null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Deny");
        assertThat(emulator.journal().stsRequestCount()).as("refused before anything is sent").isZero();
    }

    @Test
    void aCallerWithoutAProofIsDenied() {
        IamPolicyResponse policy = allowing(callerArn())
                .handleRequest(AuthorizerHandlerTest.event("authorizer-allowed-vpce.json"), null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Deny");
    }

    @Test
    void aProofNamingAnotherHostIsNeverFollowed() throws Exception {
        APIGatewayCustomAuthorizerEvent event = withProof(credentials(SECRET), API_ID);
        String json = new String(Base64.getDecoder().decode(event.getHeaders().get(IdentityProofVerifier.HEADER)),
                StandardCharsets.UTF_8).replace("https://sts.us-east-1.amazonaws.com/", "https://attacker.example/");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put(IdentityProofVerifier.HEADER, Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        event.setHeaders(headers);

        IamPolicyResponse policy = allowing(callerArn()).handleRequest(event, null);

        assertThat(AuthorizerHandlerTest.statement(policy)).containsEntry("Effect", "Deny");
        assertThat(emulator.journal().stsRequestCount()).isZero();
    }

    @Test
    void anAssumedRoleSessionStandsForItsRole() {
        assertThat(IdentityProofVerifier.principal("arn:aws:sts::111122223333:assumed-role/Invoker/session-1"))
                .isEqualTo("arn:aws:iam::111122223333:role/Invoker")
                .isEqualTo(IdentityProofVerifier.principal("arn:aws:iam::111122223333:role/app/Invoker"));
        assertThat(IdentityProofVerifier.principal("arn:aws-cn:iam::111122223333:user/ops/alice"))
                .isEqualTo("arn:aws-cn:iam::111122223333:user/alice");
    }
}
