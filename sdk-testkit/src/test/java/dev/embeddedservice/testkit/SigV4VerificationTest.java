package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * InvokeEndpoint's SigV4 check with test credentials: requests signed by the real AWS SDK signer pass, and any
 * tampering after signing is rejected as AWS would.
 */
class SigV4VerificationTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .awsCredentials(AwsSdkFidelityTest.FAKE)
            .build();

    private static final String BATCH = TestRecords.batch(List.of(new TestRecords.Item("0", "CUSTOM", "c-1")));

    /** Headers of an InvokeEndpoint request signed by the AWS SDK's own SigV4 signer. */
    private static Map<String, String> signed(String customAttributes, String body, Clock clock, String service) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(emulator.endpointUrl() + "/endpoints/" + emulator.endpointName() + "/invocations"))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader("X-Amzn-SageMaker-Custom-Attributes", customAttributes)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSdkFidelityTest.FAKE)
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, emulator.region())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }

    private static RawHttp.Response send(Map<String, String> headers, String body) throws Exception {
        return new RawHttp(emulator.emulator()).invoke(emulator.endpointName(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String tokenAttribute() {
        return "token=" + emulator.emulator().issueToken();
    }

    @Test
    void a_request_signed_by_the_sdk_signer_is_accepted() throws Exception {
        RawHttp.Response response = send(signed(tokenAttribute(), BATCH, Clock.systemUTC(), "sagemaker"), BATCH);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void a_body_changed_after_signing_is_rejected() throws Exception {
        Map<String, String> headers = signed(tokenAttribute(), BATCH, Clock.systemUTC(), "sagemaker");

        assertInvalidSignature(send(headers, BATCH.replace("c-1", "c-2")));
    }

    @Test
    void a_signed_header_changed_after_signing_is_rejected() throws Exception {
        Map<String, String> headers = signed(tokenAttribute(), BATCH, Clock.systemUTC(), "sagemaker");
        headers.put("X-Amzn-SageMaker-Custom-Attributes", tokenAttribute());

        assertInvalidSignature(send(headers, BATCH));
    }

    @Test
    void a_tampered_signature_is_rejected() throws Exception {
        Map<String, String> headers = signed(tokenAttribute(), BATCH, Clock.systemUTC(), "sagemaker");
        String authorization = headers.get("Authorization");
        char last = authorization.charAt(authorization.length() - 1);
        headers.put("Authorization", authorization.substring(0, authorization.length() - 1) + (last == 'a' ? 'b' : 'a'));

        assertInvalidSignature(send(headers, BATCH));
    }

    @Test
    void a_signature_older_than_15_minutes_is_rejected() throws Exception {
        Clock old = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);

        RawHttp.Response response = send(signed(tokenAttribute(), BATCH, old, "sagemaker"), BATCH);

        assertInvalidSignature(response);
        assertThat(response.json().get("message").asText()).startsWith("Signature expired");
    }

    @Test
    void a_signature_for_another_service_is_rejected() throws Exception {
        RawHttp.Response response = send(signed(tokenAttribute(), BATCH, Clock.systemUTC(), "s3"), BATCH);

        assertInvalidSignature(response);
        assertThat(response.json().get("message").asText()).contains("sagemaker");
    }

    @Test
    void a_request_without_authorization_is_rejected_with_missing_authentication_token() throws Exception {
        Map<String, String> headers = signed(tokenAttribute(), BATCH, Clock.systemUTC(), "sagemaker");
        headers.remove("Authorization");

        RawHttp.Response response = send(headers, BATCH);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void a_malformed_authorization_header_is_an_incomplete_signature() throws Exception {
        Map<String, String> headers = signed(tokenAttribute(), BATCH, Clock.systemUTC(), "sagemaker");
        headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=only");

        RawHttp.Response response = send(headers, BATCH);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("IncompleteSignatureException");
    }

    private static void assertInvalidSignature(RawHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("InvalidSignatureException");
        assertThat(emulator.journal().invocations().get(0).errorType()).isEqualTo("InvalidSignatureException");
        assertThat(emulator.journal().billedUnits()).isZero();
    }
}
