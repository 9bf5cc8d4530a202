package dev.embeddedservice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Known-answer tests of the identity proof: fixed credentials and clock, and the SigV4 signature
 * recomputed here by an independent, hand-written implementation, itself checked against the
 * example AWS publishes.
 */
class StsIdentityProofProviderTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";

    private static StsIdentityProofProvider provider(software.amazon.awssdk.auth.credentials.AwsCredentials credentials,
                                                     Region region) {
        return StsIdentityProofProvider.builder()
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .region(region)
                .clock(CLOCK)
                .build();
    }

    @Test
    void theTestsOwnSigV4ReproducesTheExampleAwsPublishes() {
        // AWS's "complete Signature Version 4 signing process" example: IAM ListUsers.
        String canonicalRequest = "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" + sha256Hex("");

        String signature = IndependentSigV4.signature(canonicalRequest, "20150830T123600Z", "us-east-1", "iam", SECRET_KEY);

        assertThat(signature).isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void theProofIsAnUnsentStsGetCallerIdentityRequest() {
        IdentityProof proof = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.US_EAST_1)
                .identityProof("prod-4x2kq7");

        assertThat(proof.method()).isEqualTo("POST");
        assertThat(proof.url()).isEqualTo("https://sts.us-east-1.amazonaws.com/");
        assertThat(proof.body()).isEqualTo(BODY);
        assertThat(header(proof, "Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
        assertThat(header(proof, "X-Embedded-Service-Audience")).isEqualTo("prod-4x2kq7");
        assertThat(header(proof, "X-Amz-Date")).isEqualTo("20150830T123600Z");
        assertThat(header(proof, "x-amz-content-sha256")).isEqualTo(sha256Hex(BODY));
        assertThat(header(proof, "X-Amz-Security-Token")).isNull();
        assertThat(header(proof, "Host")).isNull();
        assertThat(header(proof, "Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, ")
                .doesNotContain(SECRET_KEY);
    }

    @Test
    void theSignatureMatchesAnIndependentComputation() {
        IdentityProof proof = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.US_EAST_1)
                .identityProof("prod-4x2kq7");

        Authorization authorization = Authorization.parse(header(proof, "Authorization"));

        assertThat(authorization.signedHeaders())
                .containsExactly("content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-embedded-service-audience");
        assertThat(authorization.signature()).isEqualTo(IndependentSigV4.signatureOf(proof, authorization, "us-east-1", SECRET_KEY));
    }

    @Test
    void sessionCredentialsAddASignedSecurityToken() {
        IdentityProof proof = provider(AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "FwoGZXIvYXdzEXAMPLE"),
                Region.US_EAST_1).identityProof("prod-4x2kq7");

        Authorization authorization = Authorization.parse(header(proof, "Authorization"));

        assertThat(header(proof, "X-Amz-Security-Token")).isEqualTo("FwoGZXIvYXdzEXAMPLE");
        assertThat(authorization.signedHeaders()).contains("x-amz-security-token", "x-embedded-service-audience");
        assertThat(authorization.signature()).isEqualTo(IndependentSigV4.signatureOf(proof, authorization, "us-east-1", SECRET_KEY));
    }

    @Test
    void theAudienceIsBoundIntoTheSignature() {
        StsIdentityProofProvider provider = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.US_EAST_1);

        IdentityProof ours = provider.identityProof("prod-4x2kq7");
        IdentityProof theirs = provider.identityProof("prod-other");

        assertThat(Authorization.parse(header(ours, "Authorization")).signature())
                .isNotEqualTo(Authorization.parse(header(theirs, "Authorization")).signature());
    }

    @Test
    void theRegionNamesTheEndpointAndTheCredentialScope() {
        IdentityProof proof = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.EU_WEST_1)
                .identityProof("prod-4x2kq7");

        Authorization authorization = Authorization.parse(header(proof, "Authorization"));
        assertThat(proof.url()).isEqualTo("https://sts.eu-west-1.amazonaws.com/");
        assertThat(authorization.scope()).isEqualTo("20150830/eu-west-1/sts/aws4_request");
        assertThat(authorization.signature()).isEqualTo(IndependentSigV4.signatureOf(proof, authorization, "eu-west-1", SECRET_KEY));
    }

    @Test
    void chinaRegionsUseTheirOwnDomain() {
        IdentityProof proof = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.CN_NORTH_1)
                .identityProof("prod-4x2kq7");

        assertThat(proof.url()).isEqualTo("https://sts.cn-north-1.amazonaws.com.cn/");
    }

    @Test
    void credentialsAreResolvedForEachProof() {
        AtomicInteger resolutions = new AtomicInteger();
        StsIdentityProofProvider provider = StsIdentityProofProvider.builder()
                .credentialsProvider(() -> AwsBasicCredentials.create("AKID" + resolutions.incrementAndGet(), SECRET_KEY))
                .region(Region.US_EAST_1)
                .clock(CLOCK)
                .build();

        assertThat(header(provider.identityProof("p"), "Authorization")).contains("Credential=AKID1/");
        assertThat(header(provider.identityProof("p"), "Authorization")).contains("Credential=AKID2/");
    }

    @Test
    void createUsesTheAwsSdkDefaultChains() {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String key : List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken")) {
            saved.put(key, System.getProperty(key));
        }
        try {
            System.setProperty("aws.region", "ap-southeast-2");
            System.setProperty("aws.accessKeyId", "AKIDFROMCHAIN");
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
            System.clearProperty("aws.sessionToken");

            StsIdentityProofProvider provider = StsIdentityProofProvider.create();
            IdentityProof proof = provider.identityProof("prod-4x2kq7");

            assertThat(provider.region()).isEqualTo(Region.AP_SOUTHEAST_2);
            assertThat(proof.url()).isEqualTo("https://sts.ap-southeast-2.amazonaws.com/");
            assertThat(header(proof, "Authorization")).contains("Credential=AKIDFROMCHAIN/");
            assertThat(provider.toString()).doesNotContain(SECRET_KEY);
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void anAudienceThatCannotBeAHeaderIsRefused() {
        StsIdentityProofProvider provider = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.US_EAST_1);

        assertThatThrownBy(() -> provider.identityProof("prod 1")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> provider.identityProof("")).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void anAudienceOfTheVisibleAsciiRangeIsAcceptedAndOneCharacterBeyondIsNot() {
        StsIdentityProofProvider provider = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.US_EAST_1);

        assertThat(provider.identityProof("!~").headers()).containsEntry("X-Embedded-Service-Audience", "!~");
        for (String bad : new String[] {"prod\u007f", "prod\u0020", "prod\u00e9", null}) {
            assertThatThrownBy(() -> provider.identityProof(bad)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("the identity proof's audience (the product code) must be visible US-ASCII without spaces");
        }
    }

    @Test
    void theProvidersStringNamesTheRegionAndTheKindOfCredentialsOnly() {
        StsIdentityProofProvider provider = provider(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY), Region.EU_WEST_1);

        assertThat(provider.toString()).isEqualTo("StsIdentityProofProvider[region=eu-west-1, credentialsProvider="
                + "StaticCredentialsProvider]");
    }

    @Test
    void theProofsToStringLeavesTheSignatureOut() {
        IdentityProof proof = provider(AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "SESSIONTOKEN"),
                Region.US_EAST_1).identityProof("prod-4x2kq7");

        assertThat(proof.toString()).doesNotContain("SESSIONTOKEN", "Signature=", SECRET_KEY);
    }

    private static String header(IdentityProof proof, String name) {
        return proof.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    record Authorization(String accessKey, String scope, List<String> signedHeaders, String signature) {
        private static final Pattern FORM = Pattern.compile(
                "AWS4-HMAC-SHA256 Credential=([^/]+)/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

        static Authorization parse(String header) {
            Matcher m = FORM.matcher(header);
            assertThat(m.matches()).as("Authorization header form: %s", header).isTrue();
            return new Authorization(m.group(1), m.group(2), List.of(m.group(3).split(";")), m.group(4));
        }
    }

    /** SigV4 written from the specification, for this test only. */
    static final class IndependentSigV4 {

        static String signatureOf(IdentityProof proof, Authorization authorization, String region, String secretKey) {
            URI url = URI.create(proof.url());
            StringBuilder canonicalHeaders = new StringBuilder();
            List<String> names = new ArrayList<>(authorization.signedHeaders());
            for (String name : names) {
                String value = name.equals("host") ? url.getHost() : header(proof, name);
                assertThat(value).as("signed header %s is in the proof", name).isNotNull();
                canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':')
                        .append(value.trim().replaceAll(" +", " ")).append('\n');
            }
            String canonicalRequest = proof.method() + "\n" + url.getRawPath() + "\n" + "" + "\n"
                    + canonicalHeaders + "\n" + String.join(";", names) + "\n" + sha256Hex(proof.body());
            return signature(canonicalRequest, header(proof, "X-Amz-Date"), region, "sts", secretKey);
        }

        static String signature(String canonicalRequest, String amzDate, String region, String service, String secretKey) {
            String date = amzDate.substring(0, 8);
            String scope = date + "/" + region + "/" + service + "/aws4_request";
            String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, service);
            key = hmac(key, "aws4_request");
            return HexFormat.of().formatHex(hmac(key, stringToSign));
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }
}
