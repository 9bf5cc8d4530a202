package dev.embeddedservice.testkit.internal;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AWS credentials the emulator knows: its default credentials (every emulator's, see
 * {@code EmbeddedServiceEmulator.Builder#DEFAULT_AWS_ACCESS_KEY_ID}) and the builder's test credentials (long-term,
 * an IAM user's), and the temporary credentials its STS issued (an assumed role's, with a session token and an
 * expiry). SigV4 verification of every route looks keys up here; a key it does not know is accepted on the shape
 * and date of its signature when the builder gave no test credentials, and refused when it did. Issued credentials
 * are deterministic for (seed, issue number), kept for the emulator's life (the most recent {@value #CAPACITY}),
 * and survive {@code reset()}. Thread-safe.
 */
final class CredentialStore implements SigV4Verifier.KeyLookup {

    static final int CAPACITY = 10_000;
    /** The name of the IAM user the default and the builder's test credentials belong to. */
    static final String BASE_USER_NAME = "esvc-emulator-user";

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final long KEY_STREAM = 41;
    private static final long SECRET_STREAM = 42;
    private static final long SESSION_STREAM = 43;

    /** Who signs with a key: an IAM user, or a session of an assumed role ({@code roleArn} and {@code sessionName}). */
    record Principal(String arn, String userId, String account, String roleArn, String sessionName) {
    }

    /** Temporary credentials issued by AssumeRole. */
    record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt,
                  Principal principal) {
        @Override
        public String toString() {
            return "Issued[" + accessKeyId + ", <redacted>, expiresAt=" + expiresAt + ", " + principal.arn() + "]";
        }
    }

    private static final SigV4Verifier.SigningSecret DEFAULT_SECRET =
            new SigV4Verifier.SigningSecret(EmbeddedServiceEmulator.Builder.DEFAULT_AWS_SECRET_ACCESS_KEY, null, null);

    private final EmulatorConfig config;
    private final String partition;
    private final SigV4Verifier.SigningSecret baseSecret;
    private final Principal baseUser;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Queue<String> issueOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong issueNumber = new AtomicLong();

    CredentialStore(EmulatorConfig config) {
        this.config = config;
        this.partition = partition(config.region());
        EmulatorConfig.Credentials base = config.credentials();
        this.baseSecret = base == null ? null
                : new SigV4Verifier.SigningSecret(base.secretAccessKey(), base.sessionToken(), null);
        this.baseUser = new Principal("arn:" + partition + ":iam::" + config.accountId() + ":user/" + BASE_USER_NAME,
                "AIDA" + base32(sha256(config.accountId() + "|user|" + BASE_USER_NAME), 17), config.accountId(),
                null, null);
    }

    /** The AWS partition of {@code region}: {@code aws}, {@code aws-cn} or {@code aws-us-gov}. */
    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    String partition() {
        return partition;
    }

    /** A key it does not know passes on its signature's shape and date when the builder gave no test credentials. */
    @Override
    public boolean acceptsUnknownKeys() {
        return baseSecret == null;
    }

    @Override
    public SigV4Verifier.SigningSecret find(String accessKeyId) {
        if (accessKeyId == null) {
            return null;
        }
        if (baseSecret != null && config.credentials().accessKeyId().equals(accessKeyId)) {
            return baseSecret;
        }
        if (EmbeddedServiceEmulator.Builder.DEFAULT_AWS_ACCESS_KEY_ID.equals(accessKeyId)) {
            return DEFAULT_SECRET;
        }
        Issued i = issued.get(accessKeyId);
        return i == null ? null : new SigV4Verifier.SigningSecret(i.secretAccessKey(), i.sessionToken(), i.expiresAt());
    }

    /** Who signs with {@code accessKeyId}: an assumed-role session when the emulator issued it, else the IAM user. */
    Principal principalOf(String accessKeyId) {
        Issued i = accessKeyId == null ? null : issued.get(accessKeyId);
        return i == null ? baseUser : i.principal();
    }

    /** Issues temporary credentials of {@code roleArn} (in {@code roleAccount}, named {@code roleName}) for a session. */
    Issued issue(String roleArn, String rolePartition, String roleAccount, String roleName, String sessionName,
                 Duration duration, Instant now) {
        long n = issueNumber.incrementAndGet();
        String accessKeyId = "ASIA" + base32(bytes(KEY_STREAM, n, 16), 16);
        String secret = Base64.getEncoder().encodeToString(bytes(SECRET_STREAM, n, 30));
        String sessionToken = "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(bytes(SESSION_STREAM, n, 240));
        Principal principal = new Principal(
                "arn:" + rolePartition + ":sts::" + roleAccount + ":assumed-role/" + roleName + "/" + sessionName,
                "AROA" + base32(sha256(roleArn), 17) + ":" + sessionName, roleAccount, roleArn, sessionName);
        Issued credentials = new Issued(accessKeyId, secret, sessionToken,
                Instant.ofEpochSecond(now.getEpochSecond()).plus(duration), principal);
        issued.put(accessKeyId, credentials);
        issueOrder.add(accessKeyId);
        while (issued.size() > CAPACITY) {
            String oldest = issueOrder.poll();
            if (oldest == null) {
                break;
            }
            issued.remove(oldest);
        }
        return credentials;
    }

    private byte[] bytes(long stream, long n, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i += 8) {
            long v = SplitMix.value(config.seed(), stream, n * 64 + i / 8);
            for (int j = 0; j < 8 && i + j < length; j++) {
                out[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return out;
    }

    /** {@code length} characters of the base32 alphabet AWS ids use, from {@code bytes} (5 bits each). */
    private static String base32(byte[] bytes, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int bit = i * 5;
            int value = ((bytes[bit / 8] & 0xff) << 8 | (bit / 8 + 1 < bytes.length ? bytes[bit / 8 + 1] & 0xff : 0));
            sb.append(BASE32[(value >>> (11 - bit % 8)) & 0x1f]);
        }
        return sb.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
