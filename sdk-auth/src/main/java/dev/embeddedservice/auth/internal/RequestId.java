package dev.embeddedservice.auth.internal;

import java.util.List;
import okhttp3.Response;

/**
 * The id a service gave a request, read from its answer's headers so that an exception can carry
 * it for the user to quote to the partner: {@code x-amzn-RequestId} (as API Gateway sends it),
 * else {@code x-amz-apigw-id}, else {@code x-request-id}. A header's value is taken only if it is
 * 1 to {@value #MAX_LENGTH} visible US-ASCII characters and holds none of the secrets the request
 * carried (a server could echo one); otherwise the next header is tried.
 */
final class RequestId {

    /** The headers looked at, in order. */
    static final List<String> HEADERS = List.of("x-amzn-RequestId", "x-amz-apigw-id", "x-request-id");

    /** Longer values are not request ids. */
    static final int MAX_LENGTH = 128;

    private RequestId() {
    }

    /** The request id of {@code response}, or {@code null} when it has no usable one. */
    static String of(Response response, String... secrets) {
        for (String header : HEADERS) {
            String id = usable(response.header(header), secrets);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /** {@code value} trimmed, if it can be shown as a request id; else {@code null}. */
    static String usable(String value, String... secrets) {
        if (value == null) {
            return null;
        }
        String id = value.strip();
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty() && id.contains(secret)) {
                return null;
            }
        }
        return id;
    }
}
