package dev.embeddedservice.auth.internal;

import dev.embeddedservice.exception.ProtocolViolationException;

/**
 * What a token must look like to be usable: it travels in SageMaker's CustomAttributes header as
 * {@code token={token}}, which holds at most 1024 visible US-ASCII characters (protocol §2). A
 * token that cannot fit is refused when it is issued, with a reason, rather than failing every
 * later call. Messages never contain the token itself.
 */
public final class TokenFormat {

    /** 1024 characters of CustomAttributes minus the {@code token=} prefix. */
    public static final int MAX_LENGTH = 1018;

    private TokenFormat() {
    }

    /**
     * Checks {@code value}, issued by {@code issuer} (named in the message), and returns it.
     *
     * @throws ProtocolViolationException saying why the token is unusable
     */
    public static String requireUsable(String value, String issuer) {
        String reason = problem(value);
        if (reason != null) {
            throw new ProtocolViolationException(issuer + " issued an unusable token: " + reason);
        }
        return value;
    }

    /** Whether {@code value} is a usable token. */
    public static boolean isUsable(String value) {
        return problem(value) == null;
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "the token is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "the token is " + value.length() + " characters long, but at most " + MAX_LENGTH
                    + " fit the SageMaker CustomAttributes header (1024 characters including the 'token=' prefix)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "the token contains " + describe(c) + " at position " + i
                        + "; only visible US-ASCII characters (0x21-0x7E) can be sent in the CustomAttributes header";
            }
        }
        return null;
    }

    private static String describe(char c) {
        if (c == '\r') {
            return "a carriage return (CR)";
        }
        if (c == '\n') {
            return "a line feed (LF)";
        }
        if (c == ' ') {
            return "a space";
        }
        if (c < 0x20 || c == 0x7f) {
            return "a control character";
        }
        return "a non-ASCII character";
    }
}
