package dev.embeddedservice.testkit.internal;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the emulator's services see it, independent of WireMock: raw (percent-encoded) path and
 * query as sent, headers in a case-insensitive map, the body.
 */
record InboundRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
