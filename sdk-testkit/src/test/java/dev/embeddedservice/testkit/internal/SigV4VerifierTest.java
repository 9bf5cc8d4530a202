package dev.embeddedservice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The SigV4 verifier against AWS's published Signature Version 4 test suite vectors. */
class SigV4VerifierTest {

    private static final EmulatorConfig.Credentials AWS_EXAMPLE =
            new EmulatorConfig.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");

    private static Map<String, List<String>> headers(String signature, String signedHeaders) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", List.of("example.amazonaws.com"));
        headers.put("X-Amz-Date", List.of("20150830T123600Z"));
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return headers;
    }

    private static SigV4Verifier.Result verify(String method, String path, String query, String signature, Instant now) {
        return SigV4Verifier.verify(new SigV4Verifier.SignedRequest(method, path, query,
                headers(signature, "host;x-amz-date"), new byte[0]), "service", "us-east-1", SigV4Verifier.KeyLookup.of(AWS_EXAMPLE), now);
    }

    @Test
    void get_vanilla_vector_is_accepted() {
        SigV4Verifier.Result result = verify("GET", "/", null,
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", SIGNED_AT);

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.verified()).isTrue();
    }

    @Test
    void post_vanilla_vector_is_accepted() {
        SigV4Verifier.Result result = verify("POST", "/", null,
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", SIGNED_AT);

        assertThat(result.ok()).as(result.message()).isTrue();
    }

    @Test
    void a_changed_method_no_longer_matches_the_signature() {
        SigV4Verifier.Result result = verify("PUT", "/", null,
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", SIGNED_AT);

        assertThat(result.ok()).isFalse();
        assertThat(result.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(result.httpStatus()).isEqualTo(403);
    }

    @Test
    void a_signature_more_than_15_minutes_old_has_expired() {
        SigV4Verifier.Result result = verify("GET", "/", null,
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", SIGNED_AT.plusSeconds(15 * 60 + 1));

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("Signature expired");
    }

    @Test
    void a_signature_from_more_than_15_minutes_ahead_is_not_yet_current() {
        SigV4Verifier.Result result = verify("GET", "/", null,
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", SIGNED_AT.minusSeconds(15 * 60 + 1));

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("Signature not yet current");
    }

    @Test
    void for_an_unknown_key_a_lookup_that_accepts_it_checks_only_the_shape_scope_and_date() {
        SigV4Verifier.Result result = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("00", "host;x-amz-date"), new byte[0]), "service", "us-east-1", SigV4Verifier.KeyLookup.none(), SIGNED_AT);

        assertThat(result.ok()).isTrue();
        assertThat(result.verified()).isFalse();
    }

    @Test
    void for_an_unknown_key_a_date_more_than_15_minutes_off_is_still_refused() {
        SigV4Verifier.Result late = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("00", "host;x-amz-date"), new byte[0]), "service", "us-east-1", SigV4Verifier.KeyLookup.none(),
                SIGNED_AT.plusSeconds(15 * 60 + 1));
        SigV4Verifier.Result early = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("00", "host;x-amz-date"), new byte[0]), "service", "us-east-1", SigV4Verifier.KeyLookup.none(),
                SIGNED_AT.minusSeconds(15 * 60 + 1));
        SigV4Verifier.Result edge = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("00", "host;x-amz-date"), new byte[0]), "service", "us-east-1", SigV4Verifier.KeyLookup.none(),
                SIGNED_AT.plusSeconds(15 * 60));

        assertThat(late.ok()).isFalse();
        assertThat(late.httpStatus()).isEqualTo(403);
        assertThat(late.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(late.message()).isEqualTo(
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)");
        assertThat(early.ok()).isFalse();
        assertThat(early.message()).isEqualTo(
                "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)");
        assertThat(edge.ok()).as("exactly 15 minutes is within").isTrue();
    }

    @Test
    void an_unknown_key_is_unrecognized_by_a_lookup_that_refuses_it() {
        SigV4Verifier.Result result = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("00", "host;x-amz-date"), new byte[0]), "service", "us-east-1",
                SigV4Verifier.KeyLookup.of(new EmulatorConfig.Credentials("AKIDOTHER", "other-secret", null)), SIGNED_AT);

        assertThat(result.ok()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.errorType()).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void a_key_whose_credentials_expired_is_refused_before_its_signature_is_checked() {
        SigV4Verifier.KeyLookup expiring = id -> new SigV4Verifier.SigningSecret(
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, SIGNED_AT.plusSeconds(60));

        SigV4Verifier.Result valid = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "host;x-amz-date"),
                new byte[0]), "service", "us-east-1", expiring, SIGNED_AT.plusSeconds(59));
        SigV4Verifier.Result expired = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "host;x-amz-date"),
                new byte[0]), "service", "us-east-1", expiring, SIGNED_AT.plusSeconds(60));

        assertThat(valid.ok()).isTrue();
        assertThat(expired.ok()).isFalse();
        assertThat(expired.errorType()).isEqualTo("ExpiredTokenException");
        assertThat(expired.httpStatus()).isEqualTo(403);
    }

    @Test
    void a_refusal_still_names_the_access_key_the_request_claims() {
        SigV4Verifier.Result result = verify("GET", "/", null, "0".repeat(64), SIGNED_AT);

        assertThat(result.ok()).isFalse();
        assertThat(result.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void only_the_case_of_a_content_type_charset_may_differ_from_what_was_signed() {
        assertThat(SigV4Verifier.charsetCasings("application/x-www-form-urlencoded; charset=UTF-8"))
                .containsExactly("application/x-www-form-urlencoded; charset=utf-8");
        assertThat(SigV4Verifier.charsetCasings("text/plain;charset=Utf-8"))
                .containsExactly("text/plain;charset=utf-8", "text/plain;charset=UTF-8");
        assertThat(SigV4Verifier.charsetCasings("application/json")).isEmpty();
        assertThat(SigV4Verifier.charsetCasings(null)).isEmpty();
    }

    @Test
    void host_must_be_signed() {
        SigV4Verifier.Result result = SigV4Verifier.verify(new SigV4Verifier.SignedRequest("GET", "/", null,
                headers("00", "x-amz-date"), new byte[0]), "service", "us-east-1", SigV4Verifier.KeyLookup.none(), Instant.now());

        assertThat(result.ok()).isFalse();
        assertThat(result.errorType()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void the_canonical_uri_encodes_the_already_encoded_path_again() {
        assertThat(SigV4Verifier.canonicalUri("/endpoints/my%20endpoint/invocations"))
                .isEqualTo("/endpoints/my%2520endpoint/invocations");
        assertThat(SigV4Verifier.canonicalUri("")).isEqualTo("/");
    }

    @Test
    void the_canonical_query_sorts_and_encodes_parameters() {
        assertThat(SigV4Verifier.canonicalQuery("b=2&a=1&a=0&c=x%20y")).isEqualTo("a=0&a=1&b=2&c=x%20y");
    }
}
