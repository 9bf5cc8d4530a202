package dev.embeddedservice.examples;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The answers of protocol §2 and §4, computed here independently of the SDK and the emulator: an
 * email's wire value is the SHA-256 of the trimmed, lowercased email; {@code h = sha256hex(ns + "|" +
 * TYPE + "|" + wireValue)}; NOT_FOUND when {@code h} starts with {@code f}, else {@code tk_ + h[0:32]}.
 */
final class ProtocolReference {

    private ProtocolReference() {
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%064x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code status,translated_id} of a wire record. */
    static String answer(String namespace, String wireType, String wireValue) {
        String h = sha256(namespace + "|" + wireType + "|" + wireValue);
        return h.startsWith("f") ? "NOT_FOUND," : "OK,tk_" + h.substring(0, 32);
    }

    /** {@code status,translated_id} of an ASCII email without surrounding odd whitespace. */
    static String email(String namespace, String email) {
        return answer(namespace, "EMAIL_SHA256", sha256(email.trim().toLowerCase(Locale.ROOT)));
    }

    /** The output row {@code row} of an email: {@code row,EMAIL_SHA256,status,translated_id}. */
    static String emailRow(long row, String namespace, String email) {
        return row + ",EMAIL_SHA256," + email(namespace, email);
    }
}
