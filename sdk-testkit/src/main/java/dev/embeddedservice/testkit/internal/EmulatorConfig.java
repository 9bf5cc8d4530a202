package dev.embeddedservice.testkit.internal;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The validated, immutable settings of one emulator. Built by {@code EmbeddedServiceEmulator.Builder}; each
 * rejection names the setting.
 */
public record EmulatorConfig(
        int port,
        String productCode,
        String licenseKey,
        String region,
        String endpointName,
        String accountId,
        Duration tokenTtl,
        int maxRecordsPerInvocation,
        int maxPayloadBytes,
        int maxConcurrency,
        List<String> operations,
        String oauthClientId,
        String oauthClientSecret,
        Credentials credentials,
        boolean requireIdentityProof,
        Clock clock,
        long seed,
        double faultRate,
        Duration faultDelay,
        KeyPair signingKey,
        int journalCapacity,
        int containerThreads) {

    private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    /** The builder's test AWS credentials, whose SigV4 signatures the emulator verifies besides its defaults'. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            require(accessKeyId != null && !accessKeyId.isBlank(), "awsCredentials: accessKeyId must not be blank");
            require(secretAccessKey != null && !secretAccessKey.isEmpty(), "awsCredentials: secretAccessKey must not be empty");
        }

        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
        }
    }

    public EmulatorConfig {
        require(port >= 0 && port <= 65535, "port must be 0 (a free port) or 1-65535, was " + port);
        require(productCode != null && VISIBLE_ASCII.matcher(productCode).matches(),
                "productCode must be non-empty visible ASCII");
        require(licenseKey == null || VISIBLE_ASCII.matcher(licenseKey).matches(),
                "licenseKey must be null (none required) or non-empty visible ASCII");
        require(region != null && REGION.matcher(region).matches(), "region must look like us-east-1, was " + region);
        require(endpointName != null && ENDPOINT_NAME.matcher(endpointName).matches(),
                "endpointName must be a SageMaker endpoint name (letters, digits, hyphens, at most 63), was " + endpointName);
        require(accountId != null && ACCOUNT_ID.matcher(accountId).matches(), "accountId must be 12 digits");
        require(tokenTtl != null && tokenTtl.getSeconds() >= 1, "tokenTtl must be at least 1 second");
        require(maxRecordsPerInvocation >= 1, "maxRecordsPerInvocation must be at least 1");
        require(maxPayloadBytes >= 1, "maxPayloadBytes must be at least 1");
        require(maxConcurrency >= 1, "maxConcurrency must be at least 1");
        require(operations != null && operations.stream().allMatch(o -> o != null && !o.isBlank()),
                "operations must be a list of non-blank names");
        operations = List.copyOf(operations);
        require(oauthClientId != null && VISIBLE_ASCII.matcher(oauthClientId).matches(),
                "oauthClient: clientId must be non-empty visible ASCII");
        require(oauthClientSecret != null && VISIBLE_ASCII.matcher(oauthClientSecret).matches(),
                "oauthClient: clientSecret must be non-empty visible ASCII");
        Objects.requireNonNull(clock, "clock");
        require(!Double.isNaN(faultRate) && faultRate >= 0 && faultRate <= 1, "faultRate must be within [0, 1]");
        require(faultDelay != null && !faultDelay.isNegative() && faultDelay.compareTo(Duration.ofMinutes(2)) <= 0,
                "faultDelay must be within [0, 2 minutes]");
        require(signingKey == null || ("EdDSA".equals(signingKey.getPrivate().getAlgorithm())
                        || "Ed25519".equals(signingKey.getPrivate().getAlgorithm())),
                "signingKey must be an Ed25519 key pair");
        require(journalCapacity >= 1, "journalCapacity must be at least 1");
        require(containerThreads >= 8, "containerThreads must be at least 8");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return "EmulatorConfig[port=" + port + ", productCode=" + productCode + ", licenseKey="
                + (licenseKey == null ? "none" : "<redacted>") + ", region=" + region + ", endpointName=" + endpointName
                + ", tokenTtl=" + tokenTtl + ", maxRecordsPerInvocation=" + maxRecordsPerInvocation
                + ", maxPayloadBytes=" + maxPayloadBytes + ", maxConcurrency=" + maxConcurrency
                + ", operations=" + operations + ", oauthClientId=" + oauthClientId + ", oauthClientSecret=<redacted>"
                + ", awsCredentials=" + (credentials == null ? "defaults" : credentials.accessKeyId() + " and defaults")
                + ", seed=" + seed + ", faultRate=" + faultRate + "]";
    }
}
