package dev.embeddedservice.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error body of a refused request: protocol §1's {@code {"error", "message"}}, or RFC 6749
 * §5.2's {@code {"error", "error_description"}}. Both fields are cleaned before they reach an
 * exception message: control characters dropped, length capped, and any secret the caller names
 * (license key, client secret) replaced by {@code <redacted>}, in case a server echoes it.
 *
 * @param error   the error code, such as {@code RATE_LIMITED}, or {@code null}
 * @param message the cleaned human text, or {@code null}
 */
record ErrorBody(String error, String message) {

    private static final int MAX_CODE_LENGTH = 64;
    private static final int MAX_MESSAGE_LENGTH = 300;

    private static final ErrorBody NONE = new ErrorBody(null, null);

    /** Parses an error body; anything that is not the expected JSON gives an empty one. */
    public static ErrorBody parse(byte[] bytes, String messageField, String... secrets) {
        if (bytes == null || bytes.length == 0) {
            return NONE;
        }
        JsonNode node;
        try {
            node = SdkJson.parse(bytes);
        } catch (SdkJson.NotJsonException e) {
            return NONE;
        }
        if (!node.isObject()) {
            return NONE;
        }
        return new ErrorBody(clean(node.get("error"), MAX_CODE_LENGTH, secrets),
                clean(node.get(messageField), MAX_MESSAGE_LENGTH, secrets));
    }

    /** {@code " (CODE: message)"}, {@code " (CODE)"} or {@code ""}: a suffix for exception messages. */
    public String describe() {
        if (error == null && message == null) {
            return "";
        }
        if (message == null) {
            return " (" + error + ")";
        }
        return " (" + (error == null ? "" : error + ": ") + message + ")";
    }

    private static String clean(JsonNode node, int maxLength, String... secrets) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.textValue();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                text = text.replace(secret, "<redacted>");
            }
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), maxLength + 3));
        for (int i = 0; i < text.length() && sb.length() < maxLength; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > maxLength) {
            sb.append("...");
        }
        String result = sb.toString().strip();
        return result.isEmpty() ? null : result;
    }
}
