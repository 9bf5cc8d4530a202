package dev.embeddedservice;

import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Clients pointed at a testkit emulator, and generated identifiers. */
public final class EmulatorFixture {

    /**
     * The emulator's default AWS credentials (test credentials every emulator knows), so that every call the
     * tests make has its SigV4 signature verified for real, as SageMaker would.
     */
    public static final StaticCredentialsProvider FAKE_AWS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EmbeddedServiceEmulator.Builder.DEFAULT_AWS_ACCESS_KEY_ID,
                    EmbeddedServiceEmulator.Builder.DEFAULT_AWS_SECRET_ACCESS_KEY));

    /**
     * Made-up AWS credentials no emulator knows, whose signatures it checks for shape and date only: for calls that
     * reach it through a proxy that sends them on with another {@code Host} (which no verified signature survives).
     */
    public static final StaticCredentialsProvider UNKNOWN_AWS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDTESTFIXTURE00001", "fixture-secret-key-not-used-anywhere"));

    /** Retries fast enough for tests: the backoff sleeps for real. */
    static final RetrySettings FAST_RETRY = RetrySettings.builder()
            .maxAttempts(6)
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(20))
            .build();

    private EmulatorFixture() {
    }

    public static ActivationConfig activation(EmbeddedServiceEmulator emulator) {
        return ActivationConfig.builder()
                .activationUrl(emulator.activationUrl())
                .productCode(emulator.productCode())
                .licenseKey(emulator.licenseKey())
                .environment(name -> null)
                .build();
    }

    /** A client builder wired to the emulator through the real SageMakerRuntimeClient. */
    static EmbeddedServiceClient.Builder client(EmbeddedServiceEmulator emulator) {
        return EmbeddedServiceClient.builder()
                .activationConfig(activation(emulator))
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(emulator.region())
                .credentialsProvider(FAKE_AWS)
                .overrideConfiguration(o -> o.retry(FAST_RETRY))
                .environment(name -> null);
    }

    /**
     * A seeded mix of identifiers: emails with mixed case and spaces, US phones in local formats,
     * MAIDs in either case, invalid ones of each kind, and duplicates of earlier ones.
     */
    static List<Identifier> mixedIdentifiers(int count, long seed) {
        Random random = new Random(seed);
        List<Identifier> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 10 && !ids.isEmpty()) {
                ids.add(ids.get(random.nextInt(ids.size())));
            } else if (kind < 45) {
                String email = "User." + random.nextInt(1_000_000) + "@Example" + random.nextInt(50) + ".com";
                ids.add(Identifier.email((random.nextBoolean() ? "  " : "") + email
                        + (random.nextBoolean() ? " " : "")));
            } else if (kind < 65) {
                int line = 1000 + random.nextInt(9000);
                int exchange = 200 + random.nextInt(700);
                String[] formats = {"(202) %d-%d", "202-%d-%d", "+1 202 %d %d", "1 202 %d%d"};
                ids.add(Identifier.phone(String.format(Locale.ROOT, formats[random.nextInt(formats.length)],
                        exchange, line)));
            } else if (kind < 85) {
                String maid = new UUID(random.nextLong(), random.nextLong()).toString();
                ids.add(Identifier.maid(random.nextBoolean() ? maid.toUpperCase(Locale.ROOT) : maid));
            } else if (kind < 88) {
                ids.add(Identifier.emailSha256(Reference.sha256("hashed" + random.nextInt(100_000) + "@example.com")));
            } else if (kind < 90) {
                ids.add(Identifier.custom("partner-" + random.nextInt(100_000)));
            } else {
                String[] invalid = {"not-an-email", "alice@", "12", "555-01", "6d92078a-zzzz", "", "   "};
                String value = invalid[random.nextInt(invalid.length)];
                ids.add(switch (random.nextInt(3)) {
                    case 0 -> Identifier.email(value);
                    case 1 -> Identifier.phone(value);
                    default -> Identifier.maid(value);
                });
            }
        }
        return ids;
    }

    /** {@code count} distinct, valid emails. */
    static List<Identifier> distinctEmails(int count, String prefix) {
        List<Identifier> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(Identifier.email(prefix + i + "@example.com"));
        }
        return ids;
    }
}
