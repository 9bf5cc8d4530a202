package dev.embeddedservice.reliability;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds secrets and personal data in text the SDK produced: tokens (compact JWS, {@code token=}
 * values), license keys, client secrets and AWS secret keys the tests use, raw emails, raw phone
 * numbers, and SHA-256 hex digests (hashed identifiers are pseudonymous personal data).
 */
final class SecretScanner {

    /** One thing found: what kind, where, and the match with its middle masked. */
    record Finding(String kind, String source, int line, String masked) {
        @Override
        public String toString() {
            return kind + " in " + source + ":" + line + ": " + masked;
        }
    }

    /** Every literal secret the tests of this module hand to the SDK or the emulator. */
    static final List<String> KNOWN_SECRETS = List.of(
            EmbeddedServiceEmulator.Builder.DEFAULT_LICENSE_KEY,
            HostileActivationTest.LICENSE_KEY,
            ErrorPathSecretsTest.LICENSE_KEY,
            ErrorPathSecretsTest.CLIENT_SECRET,
            ErrorPathSecretsTest.OPAQUE_TOKEN,
            ErrorPathSecretsTest.SESSION_TOKEN,
            "fixture-secret-key-not-used-anywhere",
            "soak-secret-key-not-used-anywhere",
            "hostile-secret-key-not-used-anywhere",
            "activation-secret-key-not-used-anywhere",
            "error-path-secret-key-not-used-anywhere");

    private record Rule(String kind, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("token (JWS)", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*")),
            new Rule("token (CustomAttributes)", Pattern.compile("(?i)token=(?!<redacted>)[^\\s\"',;}&<]{4,}")),
            new Rule("SHA-256 digest", Pattern.compile("(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])")),
            new Rule("email", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")),
            new Rule("phone (E.164)", Pattern.compile("(?<![\\w+])\\+[1-9][0-9]{9,14}(?![0-9])")),
            new Rule("phone (formatted)", Pattern.compile(
                    "(?<![\\w.-])(\\+?1[ .-]?)?\\(?[2-9][0-9]{2}\\)?[ .-][0-9]{3}[ .-][0-9]{4}(?![\\w-])")));

    private SecretScanner() {
    }

    /** What {@code text}, from {@code source}, holds that it should not. */
    static List<Finding> scan(String source, String text) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (String secret : KNOWN_SECRETS) {
                if (line.contains(secret)) {
                    findings.add(new Finding("known secret", source, i + 1, mask(secret)));
                }
            }
            for (Rule rule : RULES) {
                Matcher m = rule.pattern.matcher(line);
                while (m.find()) {
                    findings.add(new Finding(rule.kind, source, i + 1, mask(m.group())));
                }
            }
        }
        return findings;
    }

    /** What the files under {@code dir} hold that they should not. */
    static List<Finding> scanFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                findings.addAll(scan(dir.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    /** Enough of a match to find it again, not enough to use it. */
    static String mask(String s) {
        if (s.length() <= 8) {
            return s.charAt(0) + "***";
        }
        return s.substring(0, 4) + "***" + s.substring(s.length() - 3) + " (" + s.length() + " chars)";
    }
}
