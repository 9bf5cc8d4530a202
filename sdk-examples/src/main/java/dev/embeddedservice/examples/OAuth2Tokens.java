package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.OAuth2ClientCredentialsTokenProvider;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.PrintStream;
import java.util.List;

/**
 * Tokens from a standard OAuth 2.0 token endpoint instead of the activation API, for partners
 * that issue them that way (such as with Amazon Cognito): the client-credentials grant of
 * RFC 6749 §4.4 with {@link OAuth2ClientCredentialsTokenProvider}.
 *
 * <p>Build the provider with the token URL, the client id and secret the partner gave you and,
 * optionally, a scope; give it to the client with
 * {@link EmbeddedServiceClient.Builder#tokenProvider}. The provider caches the token and refreshes
 * it before it expires, so one token serves every call until then. A token endpoint sends no
 * service configuration, so the endpoint name and region come from the provider's
 * {@link ServiceConfig} (or from the client's own settings). The client does not close a
 * provider it was given: close it yourself, after the client.
 *
 * <pre>{@code
 * try (OAuth2ClientCredentialsTokenProvider tokens = OAuth2ClientCredentialsTokenProvider.builder()
 *         .tokenUrl("https://partner.auth.us-east-1.amazoncognito.com/oauth2/token")
 *         .clientId(clientId)
 *         .clientSecret(clientSecret)
 *         .scope("embedded-service/translate")
 *         .serviceConfig(ServiceConfig.builder().endpointName("esvc-identity-prod").region("us-east-1").build())
 *         .build();
 *      EmbeddedServiceClient client = EmbeddedServiceClient.builder().tokenProvider(tokens).build()) {
 *     client.translate(identifiers);
 * }
 * }</pre>
 *
 * <p>On the emulator, the token endpoint is the emulator's own ({@code /oauth2/token}); on the real
 * service set {@code OAUTH_TOKEN_URL}, {@code OAUTH_CLIENT_ID}, {@code OAUTH_CLIENT_SECRET} and
 * optionally {@code OAUTH_SCOPE} (this example's own variables, not SDK settings), with
 * {@code EMBEDDED_SERVICE_ENDPOINT_NAME} and {@code AWS_REGION} for the endpoint.
 *
 * <pre>java -cp sdk-examples/target/esvc.jar dev.embeddedservice.examples.OAuth2Tokens</pre>
 */
public final class OAuth2Tokens {

    private OAuth2Tokens() {
    }

    public static void main(String[] args) {
        try (ExampleService service = ExampleService.fromEnvironmentOrEmulator()) {
            run(service, System.out);
        }
    }

    /** The token provider: the emulator's endpoint and client, or the environment's. */
    static OAuth2ClientCredentialsTokenProvider tokenProvider(ExampleService service) {
        EmbeddedServiceEmulator emulator = service.emulator();
        if (emulator != null) {
            return OAuth2ClientCredentialsTokenProvider.builder()
                    .tokenUrl(emulator.oauthTokenUrl())
                    .clientId(emulator.oauthClientId())
                    .clientSecret(emulator.oauthClientSecret())
                    .scope("embedded-service/translate")
                    .serviceConfig(ServiceConfig.builder()
                            .endpointName(emulator.endpointName())
                            .region(emulator.region())
                            .build())
                    .build();
        }
        return OAuth2ClientCredentialsTokenProvider.builder()
                .tokenUrl(System.getenv("OAUTH_TOKEN_URL"))
                .clientId(System.getenv("OAUTH_CLIENT_ID"))
                .clientSecret(System.getenv("OAUTH_CLIENT_SECRET"))
                .scope(System.getenv("OAUTH_SCOPE"))
                .build();
    }

    /** Translates a few identifiers with OAuth tokens, twice, and prints the results. */
    static TranslateResponse run(ExampleService service, PrintStream out) {
        List<Identifier> identifiers = List.of(
                Identifier.email("alice@example.com"),
                Identifier.email("bob@example.org"),
                Identifier.maid("6d92078a-8246-4ba4-ae5b-76104861e7dc"));
        try (OAuth2ClientCredentialsTokenProvider tokens = tokenProvider(service)) {
            EmbeddedServiceClient.Builder builder = EmbeddedServiceClient.builder()
                    .tokenProvider(tokens)
                    .targetNamespace("acme-media");
            if (service.emulator() != null) {
                service.pointAtEmulator(builder);
            }
            try (EmbeddedServiceClient client = builder.build()) {
                TranslateResponse first = client.translate(identifiers);
                TranslateResponse second = client.translate(identifiers);   // same cached token
                for (int i = 0; i < identifiers.size(); i++) {
                    TranslateResult r = second.results().get(i);
                    out.printf("%d %-12s %-9s %s%n", i + 1, r.type(), r.status(), r.translatedId().orElse(""));
                }
                out.println(first.summary());
                out.println(second.summary());
                return second;
            }
        }
    }
}
