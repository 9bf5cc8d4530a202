package dev.embeddedservice.auth;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds the AWS identity proof of protocol §1: an STS {@code GetCallerIdentity} request, signed
 * with SigV4 by the AWS SDK's own signer and never sent. The partner forwards it to STS, which
 * tells it, with AWS's guarantee, which account signed it; the secret key never leaves this
 * process. The same pattern as HashiCorp Vault's AWS IAM auth method.
 *
 * <p>The proof is {@code POST https://sts.{region}.{domain}/} with the body
 * {@code Action=GetCallerIdentity&Version=2011-06-15} and these headers, all of them signed:
 * {@code Content-Type}, {@code X-Embedded-Service-Audience} (the product code, which binds the
 * proof to one product so it cannot be replayed against another partner), {@code X-Amz-Date},
 * {@code x-amz-content-sha256}, {@code X-Amz-Security-Token} (with session credentials only) and
 * {@code Authorization}. {@code Host} is signed as well; it is the URL's host and, as in Vault,
 * is not repeated among the headers. STS accepts a signature for 15 minutes, so a proof is built
 * afresh for each activation.
 *
 * <p>Credentials are resolved at each proof, so rotated credentials are picked up; the region is
 * resolved once, when the provider is built.
 *
 * <pre>{@code
 * // The AWS SDK's default credentials and region chains:
 * IdentityProofProvider proof = StsIdentityProofProvider.create();
 *
 * // Or explicit ones:
 * IdentityProofProvider proof = StsIdentityProofProvider.builder()
 *         .credentialsProvider(ProfileCredentialsProvider.create("partner"))
 *         .region(Region.EU_WEST_1)
 *         .build();
 * }</pre>
 */
public final class StsIdentityProofProvider implements IdentityProofProvider {

    /** The signed header that binds a proof to one audience, the product code. */
    public static final String AUDIENCE_HEADER = "X-Embedded-Service-Audience";

    static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final AwsCredentialsProvider credentialsProvider;
    private final Region region;
    private final Clock clock;
    private final URI endpoint;

    private StsIdentityProofProvider(AwsCredentialsProvider credentialsProvider, Region region, Clock clock) {
        this.credentialsProvider = credentialsProvider;
        this.region = region;
        this.clock = clock;
        this.endpoint = URI.create("https://sts." + region.id() + "." + domain(region) + "/");
    }

    /** A provider using the AWS SDK's default credentials chain and default region chain. */
    public static StsIdentityProofProvider create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A freshly signed proof for {@code audience}.
     *
     * @throws InvalidConfigurationException when {@code audience} cannot be sent as a header
     * @throws SdkClientException            when the credentials cannot be resolved
     */
    @Override
    public IdentityProof identityProof(String audience) {
        if (audience == null || audience.isEmpty() || !audience.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidConfigurationException("the identity proof's audience (the product code) must be "
                    + "visible US-ASCII without spaces");
        }
        AwsCredentialsIdentity credentials = credentialsProvider.resolveCredentials();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader(AUDIENCE_HEADER, audience)
                .build();
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(credentials)
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) {
                headers.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return new IdentityProof("POST", endpoint.toString(), headers, BODY);
    }

    /** The region whose STS endpoint the proof names. */
    public Region region() {
        return region;
    }

    @Override
    public String toString() {
        return "StsIdentityProofProvider[region=" + region.id() + ", credentialsProvider="
                + credentialsProvider.getClass().getSimpleName() + "]";
    }

    private static String domain(Region region) {
        RegionMetadata metadata = region.metadata();
        if (metadata == null || metadata.partition() == null || metadata.partition().dnsSuffix() == null) {
            return "amazonaws.com";
        }
        return metadata.partition().dnsSuffix();
    }

    /** Builder for {@link StsIdentityProofProvider}; every setting is optional. */
    public static final class Builder {
        private AwsCredentialsProvider credentialsProvider;
        private Region region;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The credentials that sign the proof; the AWS SDK's default chain when not set. */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = credentialsProvider;
            return this;
        }

        /** The region of the STS endpoint; the AWS SDK's default region chain when not set. */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** The clock of the signature's {@code X-Amz-Date}; {@link Clock#systemUTC()} by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the provider, resolving the region now when none was given.
         *
         * @throws InvalidConfigurationException when no region is given and the default chain finds none
         */
        public StsIdentityProofProvider build() {
            Region resolved = region;
            if (resolved == null) {
                try {
                    resolved = new DefaultAwsRegionProviderChain().getRegion();
                } catch (SdkClientException e) {
                    throw new InvalidConfigurationException("No AWS region for the STS identity proof: set "
                            + "region(..) or AWS_REGION, or configure one in the AWS profile", e);
                }
            }
            AwsCredentialsProvider credentials = credentialsProvider != null ? credentialsProvider
                    : DefaultCredentialsProvider.builder().build();
            return new StsIdentityProofProvider(credentials, resolved, clock);
        }
    }
}
