package dev.embeddedservice.reliability;

import dev.embeddedservice.Identifier;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded source of the identifiers applications really send: raw emails in mixed case with
 * stray spaces, US phone numbers in local and international formats, MAIDs in either case,
 * already hashed emails, partner values, invalid values of each kind, and repeats of earlier
 * identifiers of the same source. The same seed gives the same sequence.
 */
final class SoakInputs implements Iterator<Identifier> {

    private static final String[] INVALID = {"not-an-email", "alice@", "12", "555-01", "6d92078a-zzzz", "", "   ",
            "00000000-0000-0000-0000-000000000000"};
    private static final String[] PHONE_FORMATS = {"(%d) %d-%04d", "%d-%d-%04d", "+1 %d %d %04d", "1 %d %d%04d"};
    private static final int[] AREA_CODES = {202, 212, 305, 415, 512, 617, 702, 808};
    private static final int RECENT = 4096;

    private final SplittableRandom random;
    private final long limit;
    private final List<Identifier> recent = new ArrayList<>(RECENT);
    private long produced;

    SoakInputs(long seed, long limit) {
        this.random = new SplittableRandom(seed);
        this.limit = limit;
    }

    /** The next {@code n} identifiers as a list. */
    static List<Identifier> list(long seed, int n) {
        SoakInputs inputs = new SoakInputs(seed, n);
        List<Identifier> ids = new ArrayList<>(n);
        inputs.forEachRemaining(ids::add);
        return ids;
    }

    @Override
    public boolean hasNext() {
        return produced < limit;
    }

    @Override
    public Identifier next() {
        produced++;
        int kind = random.nextInt(100);
        if (kind < 10 && !recent.isEmpty()) {
            return recent.get(random.nextInt(recent.size()));
        }
        Identifier id;
        if (kind < 45) {
            String local = (random.nextBoolean() ? "User." : "user_") + random.nextInt(50_000_000);
            String email = local + "@Example" + random.nextInt(100) + (random.nextBoolean() ? ".COM" : ".com");
            id = Identifier.email((random.nextInt(4) == 0 ? "  " : "") + email + (random.nextInt(4) == 0 ? " " : ""));
        } else if (kind < 65) {
            String format = PHONE_FORMATS[random.nextInt(PHONE_FORMATS.length)];
            id = Identifier.phone(String.format(Locale.ROOT, format, AREA_CODES[random.nextInt(AREA_CODES.length)],
                    200 + random.nextInt(700), random.nextInt(10_000)));
        } else if (kind < 85) {
            String maid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            id = Identifier.maid(random.nextBoolean() ? maid.toUpperCase(Locale.ROOT) : maid);
        } else if (kind < 88) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            id = Identifier.emailSha256(HexFormat.of().formatHex(digest));
        } else if (kind < 90) {
            id = Identifier.custom("partner-" + random.nextInt(10_000_000));
        } else {
            String value = INVALID[random.nextInt(INVALID.length)];
            id = switch (random.nextInt(4)) {
                case 0 -> Identifier.email(value);
                case 1 -> Identifier.phone(value);
                case 2 -> Identifier.maid(value);
                default -> Identifier.custom(value.isBlank() ? "" : "partner-" + value);
            };
        }
        if (recent.size() < RECENT) {
            recent.add(id);
        } else {
            recent.set(random.nextInt(RECENT), id);
        }
        return id;
    }
}
