package dev.embeddedservice.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer, independent of WireMock: status, headers, body, or a connection reset; optionally delayed.
 */
record HttpAnswer(int status, Map<String, String> headers, byte[] body, boolean resetConnection, long delayMillis) {

    static HttpAnswer json(int status, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return new HttpAnswer(status, headers, body, false, 0);
    }

    static HttpAnswer json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpAnswer connectionReset() {
        return new HttpAnswer(0, Map.of(), new byte[0], true, 0);
    }

    HttpAnswer withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpAnswer(status, copy, body, resetConnection, delayMillis);
    }

    HttpAnswer withDelay(long millis) {
        return new HttpAnswer(status, headers, body, resetConnection, millis);
    }
}
