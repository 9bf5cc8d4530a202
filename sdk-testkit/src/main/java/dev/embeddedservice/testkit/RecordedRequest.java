package dev.embeddedservice.testkit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The method, path and headers of one request the emulator received (no body). Header names are looked up
 * case-insensitively. The headers hold secrets as sent (license key, token, signature) for tests to check; the
 * {@link #toString()} redacts them.
 *
 * <pre>{@code
 * RecordedRequest last = emulator.journal().recentRequests().get(0);
 * assertThat(last.header("User-Agent")).startsWith("embedded-service-sdk-java/");
 * }</pre>
 *
 * @param receivedAt when it arrived, by the emulator's clock
 * @param method     the HTTP method
 * @param path       the raw path, as sent
 * @param headers    every header, names case-insensitive, values in arrival order
 */
public record RecordedRequest(Instant receivedAt, String method, String path, Map<String, List<String>> headers) {

    private static final Set<String> SECRET_HEADERS = Set.of(
            "authorization", "x-api-key", "x-amzn-sagemaker-custom-attributes", "x-amz-security-token");

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of header {@code name}, or null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RecordedRequest[").append(method).append(' ').append(path).append(", headers={");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=');
            sb.append(SECRET_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT)) ? "<redacted>" : e.getValue());
        }
        return sb.append("}]").toString();
    }
}
