package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * SageMaker calls made under an assumed IAM role: the application's own credentials only assume
 * a role that may invoke the endpoint, and the AWS SDK's {@link StsAssumeRoleCredentialsProvider}
 * keeps that role's temporary credentials fresh.
 *
 * <p>Build an {@link StsClient} with the credentials you have, wrap it in an
 * {@code StsAssumeRoleCredentialsProvider} with the role ARN and a session name, and give that
 * provider to the client as its {@code credentialsProvider}. The provider calls
 * {@code AssumeRole} once, signs every InvokeEndpoint call with the temporary credentials, and
 * refreshes them in the background before they expire. Activation does not use them: it is an
 * HTTPS call to the partner with your license key.
 *
 * <pre>{@code
 * StsClient sts = StsClient.create();                          // your credentials, from the default chain
 * StsAssumeRoleCredentialsProvider invoker = StsAssumeRoleCredentialsProvider.builder()
 *         .stsClient(sts)
 *         .refreshRequest(r -> r.roleArn("arn:aws:iam::111122223333:role/esvc-invoker")
 *                 .roleSessionName("nightly-audience-sync"))
 *         .build();
 * EmbeddedServiceClient client = EmbeddedServiceClient.builder()
 *         .activationConfig(activation)
 *         .credentialsProvider(invoker)                        // SageMaker calls are signed as the role
 *         .build();
 * }</pre>
 *
 * <p>The role needs {@code sagemaker:InvokeEndpoint} on the endpoint, and a trust policy that lets
 * your credentials assume it. On the emulator, its STS issues the credentials (any role of the
 * emulator's account is assumable) and its SageMaker front verifies the signatures made with
 * them. On the real service, name the role in {@code EMBEDDED_SERVICE_EXAMPLE_ROLE_ARN} or as the
 * first argument.
 *
 * <pre>java -cp sdk-examples/target/esvc.jar dev.embeddedservice.examples.AssumedRole [ROLE_ARN]</pre>
 */
public final class AssumedRole {

    /** The session name the example's role sessions carry (it appears in the assumed-role ARN and CloudTrail). */
    static final String SESSION_NAME = "esvc-example";

    private AssumedRole() {
    }

    public static void main(String[] args) {
        try (ExampleService service = ExampleService.fromEnvironmentOrEmulator()) {
            String roleArn = args.length > 0 ? args[0] : System.getenv("EMBEDDED_SERVICE_EXAMPLE_ROLE_ARN");
            run(service, roleArn != null ? roleArn : emulatorRoleArn(service), System.out);
        }
    }

    /** A role of the emulator's account (every one is assumable there). */
    static String emulatorRoleArn(ExampleService service) {
        if (service.emulator() == null) {
            throw new IllegalArgumentException("give the ARN of the role to assume as the first argument or in "
                    + "EMBEDDED_SERVICE_EXAMPLE_ROLE_ARN");
        }
        return "arn:aws:iam::" + service.emulator().accountId() + ":role/esvc-invoker";
    }

    /** An STS client signing with {@code credentials}: the emulator's STS, or the regional STS endpoint. */
    static StsClient sts(ExampleService service, AwsCredentialsProvider credentials) {
        StsClientBuilder builder = StsClient.builder().credentialsProvider(credentials);
        EmbeddedServiceEmulator emulator = service.emulator();
        if (emulator != null) {
            builder.endpointOverride(URI.create(emulator.stsEndpointUrl())).region(Region.of(emulator.region()));
        }
        return builder.build();
    }

    /** Assumes {@code roleArn}, translates identifiers signed as that role, and prints who signed them. */
    static TranslateResponse run(ExampleService service, String roleArn, PrintStream out) {
        List<Identifier> audience = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            audience.add(Identifier.email("member" + i + "@example.com"));
        }
        try (StsClient sts = sts(service, service.awsCredentials());
             StsAssumeRoleCredentialsProvider invoker = StsAssumeRoleCredentialsProvider.builder()
                     .stsClient(sts)
                     .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME).durationSeconds(900))
                     .build();
             StsClient asInvoker = sts(service, invoker);
             EmbeddedServiceClient client = service.clientBuilder()
                     .credentialsProvider(invoker)
                     .targetNamespace("acme-media")
                     .build()) {
            out.println("SageMaker calls are signed as " + asInvoker.getCallerIdentity().arn());
            TranslateResponse response = client.translate(audience);
            out.println(response.summary());
            return response;
        }
    }
}
