package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * Protocol §1's identity proof, signed by the real AWS SDK signer as sdk-auth does, verified for real by the
 * emulator when it knows the key that signed it: its default credentials, or the test credentials it was given.
 */
class IdentityProofTest {

    static final AwsBasicCredentials CREDENTIALS =
            AwsBasicCredentials.create("AKIDTESTPROOF0000001", "proof/secret/key/for/tests/only/0000000");
    private static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .awsCredentials(CREDENTIALS)
            .build();

    @Test
    void a_proof_signed_by_the_aws_sdk_signer_is_verified_and_accepted() throws Exception {
        RawHttp.Response response = activateWith(proof(CREDENTIALS, emulator.productCode(), Clock.systemUTC(), true));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(emulator.journal().activations().get(0).identityProofVerified()).isTrue();
    }

    @Test
    void a_proof_with_a_tampered_signature_is_rejected() throws Exception {
        Map<String, String> proof = proof(CREDENTIALS, emulator.productCode(), Clock.systemUTC(), true);
        String authorization = proof.get("Authorization");
        char last = authorization.charAt(authorization.length() - 1);
        proof.put("Authorization", authorization.substring(0, authorization.length() - 1) + (last == '0' ? '1' : '0'));

        assertInvalidCredentials(activateWith(proof));
    }

    @Test
    void a_proof_signed_with_another_secret_is_rejected() throws Exception {
        AwsBasicCredentials other = AwsBasicCredentials.create(CREDENTIALS.accessKeyId(), "another-secret");

        assertInvalidCredentials(activateWith(proof(other, emulator.productCode(), Clock.systemUTC(), true)));
    }

    @Test
    void a_proof_for_another_product_is_rejected() throws Exception {
        assertInvalidCredentials(activateWith(proof(CREDENTIALS, "prod-other1", Clock.systemUTC(), true)));
    }

    @Test
    void a_proof_whose_audience_header_is_not_signed_is_rejected() throws Exception {
        Map<String, String> proof = proof(CREDENTIALS, emulator.productCode(), Clock.systemUTC(), false);
        proof.put("X-Embedded-Service-Audience", emulator.productCode());

        assertInvalidCredentials(activateWith(proof));
    }

    @Test
    void a_proof_older_than_15_minutes_is_rejected() throws Exception {
        Clock old = Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC);

        assertInvalidCredentials(activateWith(proof(CREDENTIALS, emulator.productCode(), old, true)));
    }

    @Test
    void a_proof_of_14_minutes_is_accepted() throws Exception {
        Clock recent = Clock.fixed(Instant.now().minus(Duration.ofMinutes(14)), ZoneOffset.UTC);

        assertThat(activateWith(proof(CREDENTIALS, emulator.productCode(), recent, true)).status()).isEqualTo(200);
    }

    @Test
    void with_test_credentials_a_proof_is_required() throws Exception {
        assertInvalidCredentials(new RawHttp(emulator.emulator()).activate());
    }

    @Test
    void without_test_credentials_a_proof_signed_with_the_default_credentials_is_verified() throws Exception {
        try (EmbeddedServiceEmulator lenient = EmbeddedServiceEmulator.start()) {
            AwsBasicCredentials defaults = AwsBasicCredentials.create(lenient.awsAccessKeyId(), lenient.awsSecretAccessKey());
            AwsBasicCredentials wrongSecret = AwsBasicCredentials.create(lenient.awsAccessKeyId(), "not-the-secret");
            Clock old = Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC);

            RawHttp.Response verified = activateWith(lenient, proof(defaults, lenient.productCode(), Clock.systemUTC(), true));
            RawHttp.Response mismatched = activateWith(lenient, proof(wrongSecret, lenient.productCode(), Clock.systemUTC(), true));
            RawHttp.Response expired = activateWith(lenient, proof(defaults, lenient.productCode(), old, true));

            assertThat(verified.status()).as(verified.body()).isEqualTo(200);
            ActivationServiceTest.assertError(mismatched, 401, "INVALID_CREDENTIALS");
            assertThat(mismatched.json().get("message").asText()).contains("does not match the signature you provided");
            ActivationServiceTest.assertError(expired, 401, "INVALID_CREDENTIALS");
            assertThat(expired.json().get("message").asText()).contains("Signature expired");
            assertThat(lenient.journal().activations()).extracting(ActivationRecord::identityProofVerified)
                    .containsExactly(true, false, false);
        }
    }

    @Test
    void without_test_credentials_a_proof_signed_with_another_key_is_accepted_unverified() throws Exception {
        try (EmbeddedServiceEmulator lenient = EmbeddedServiceEmulator.start()) {
            RawHttp.Response response = activateWith(lenient, proof(CREDENTIALS, lenient.productCode(), Clock.systemUTC(), true));

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(lenient.journal().activations().get(0).identityProofPresent()).isTrue();
            assertThat(lenient.journal().activations().get(0).identityProofVerified()).isFalse();
        }
    }

    private static void assertInvalidCredentials(RawHttp.Response response) {
        ActivationServiceTest.assertError(response, 401, "INVALID_CREDENTIALS");
        assertThat(response.body()).doesNotContain(CREDENTIALS.secretAccessKey());
        assertThat(emulator.journal().activations().get(0).identityProofVerified()).isFalse();
    }

    private static RawHttp.Response activateWith(Map<String, String> proofHeaders) throws Exception {
        return activateWith(emulator.emulator(), proofHeaders);
    }

    private static RawHttp.Response activateWith(EmbeddedServiceEmulator emulator, Map<String, String> proofHeaders)
            throws Exception {
        ObjectNode body = RawHttp.MAPPER.createObjectNode().put("productCode", emulator.productCode());
        ObjectNode proof = body.putObject("identityProof");
        proof.put("method", "POST").put("url", "https://sts.us-east-1.amazonaws.com/").put("body", STS_BODY);
        ObjectNode headers = proof.putObject("headers");
        proofHeaders.forEach(headers::put);
        return new RawHttp(emulator).activate(body.toString(), emulator.licenseKey());
    }

    /** A SigV4-signed, unsent STS GetCallerIdentity request, as protocol §1 describes it. */
    static Map<String, String> proof(AwsBasicCredentials credentials, String audience, Clock clock, boolean signAudience) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("https://sts.us-east-1.amazonaws.com/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        if (signAudience) {
            request.putHeader("X-Embedded-Service-Audience", audience);
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(STS_BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }
}
