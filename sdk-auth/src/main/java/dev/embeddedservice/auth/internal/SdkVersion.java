package dev.embeddedservice.auth.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The SDK's own version, from a resource that Maven filters at build time. Sent as
 * {@code sdkVersion} and in the {@code User-Agent} of every activation.
 */
final class SdkVersion {

    /** The version, such as {@code 1.0.0}; {@code unknown} when the build did not stamp it. */
    public static final String VERSION = load();

    /** {@code embedded-service-sdk-java/{version}}, as protocol §1 asks. */
    public static final String USER_AGENT = "embedded-service-sdk-java/" + VERSION;

    private SdkVersion() {
    }

    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = SdkVersion.class.getResourceAsStream("sdk-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("version", "").trim();
        // An unfiltered resource (an IDE build that skipped Maven) still holds the placeholder.
        if (version.isEmpty() || version.contains("${") || !version.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "unknown";
        }
        return version;
    }
}
