package dev.embeddedservice.internal;

/**
 * Protocol §2's text rules: trimming removes leading and trailing code points that have the
 * Unicode {@code White_Space} property (U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680,
 * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) or are U+200B or U+FEFF — a set that
 * neither {@link String#trim()} nor {@link String#strip()} matches (they keep U+00A0 and U+202F);
 * and text with an unpaired surrogate is not well-formed. All of the set lies in the BMP, so
 * trimming works on chars.
 */
final class ProtocolText {

    private ProtocolText() {
    }

    /** Whether {@code c} is one of the characters trimming removes. */
    static boolean isTrimmed(char c) {
        return (c >= '\t' && c <= '\r') || c == ' ' || c == '\u0085' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200B') || c == '\u2028' || c == '\u2029' || c == '\u202F'
                || c == '\u205F' || c == '\u3000' || c == '\uFEFF';
    }

    /** {@code s} without the leading and trailing characters of the set. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmed(s.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmed(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /**
     * Whether the JSON text {@code json} escapes a surrogate that is not half of a pair: Jackson
     * writes a string's surrogates as backslash-u escapes, so a lone one in an input survives as
     * an escape that a peer would decode as U+FFFD.
     */
    static boolean escapesLoneSurrogate(byte[] json) {
        boolean pendingHigh = false;
        for (int i = 0; i < json.length; i++) {
            if (json[i] != '\\') {
                if (pendingHigh) {
                    return true;
                }
                continue;
            }
            if (i + 1 < json.length && json[i + 1] == 'u' && i + 5 < json.length) {
                int unit = Integer.parseInt(new String(json, i + 2, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
                if (pendingHigh != Character.isLowSurrogate((char) unit)) {
                    return true;
                }
                pendingHigh = Character.isHighSurrogate((char) unit);
                i += 5;
            } else {
                if (pendingHigh) {
                    return true;
                }
                i++;
            }
        }
        return pendingHigh;
    }

    /** Whether every surrogate in {@code s} is half of a pair. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
