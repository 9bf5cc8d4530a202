package dev.embeddedservice.testkit.internal;

/**
 * Reads the token out of SageMaker's CustomAttributes ({@code token=...}; other {@code key=value} pairs,
 * separated by {@code ,} or {@code ;}, are ignored).
 */
final class CustomAttributes {

    private CustomAttributes() {
    }

    /** The value of {@code token}, or null when absent. */
    static String token(String customAttributes) {
        if (customAttributes == null) {
            return null;
        }
        int start = 0;
        int length = customAttributes.length();
        while (start < length) {
            int end = start;
            while (end < length && customAttributes.charAt(end) != ',' && customAttributes.charAt(end) != ';') {
                end++;
            }
            String pair = customAttributes.substring(start, end).trim();
            if (pair.startsWith("token=")) {
                return pair.substring("token=".length()).trim();
            }
            start = end + 1;
        }
        return null;
    }
}
