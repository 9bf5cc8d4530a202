package dev.embeddedservice.internal;

import java.util.regex.Pattern;

/**
 * Makes a message from a peer (an AWS error message, a partner's result message) safe to put in
 * a result reason, an exception or a log: anything that looks like a token, a digest, a UUID or
 * a long opaque string is replaced, and the text is bounded.
 */
final class Redactor {

    private static final int MAX_LENGTH = 300;
    private static final Pattern TOKEN_ASSIGNMENT = Pattern.compile("(?i)(token=)[^\\s\"',;}&]+");
    private static final Pattern JWS = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LONG_HEX = Pattern.compile("[0-9a-fA-F]{16,}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>@,;:]+@[^\\s\"'<>@,;:]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{6,}[0-9]");
    private static final Pattern LONG_OPAQUE = Pattern.compile("[A-Za-z0-9_+/=-]{32,}");

    private Redactor() {
    }

    public static String sanitize(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String s = message.substring(0, Math.min(message.length(), 4 * MAX_LENGTH));
        s = TOKEN_ASSIGNMENT.matcher(s).replaceAll("$1<redacted>");
        s = JWS.matcher(s).replaceAll("<redacted>");
        s = UUID.matcher(s).replaceAll("<uuid>");
        s = LONG_HEX.matcher(s).replaceAll("<hex>");
        s = EMAIL.matcher(s).replaceAll("<email>");
        s = PHONE.matcher(s).replaceAll("<number>");
        s = LONG_OPAQUE.matcher(s).replaceAll("<redacted>");
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_LENGTH));
        for (int i = 0; i < s.length() && out.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }
}
