package dev.embeddedservice.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests rendered as lowercase hex, with one {@link MessageDigest} per thread. */
public final class Sha256Hex {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** A thread's digest and buffers: one thread-local lookup per identifier hashed. */
    static final class Scratch {
        final MessageDigest md;
        /** Text to hash, as bytes (grown when needed). */
        byte[] input = new byte[256];
        /** The last digest. */
        final byte[] digest = new byte[32];

        private Scratch() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
        }

        /** The input buffer, at least {@code length} bytes long. */
        byte[] input(int length) {
            if (input.length < length) {
                input = new byte[Math.max(length, 2 * input.length)];
            }
            return input;
        }

        /** SHA-256 of the first {@code length} bytes of the input buffer, into {@link #digest}. */
        byte[] digestInput(int length) {
            md.update(input, 0, length);
            try {
                md.digest(digest, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
            }
            return digest;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Sha256Hex() {
    }

    /** SHA-256 of the UTF-8 bytes of {@code s}, as 64 lowercase hex characters. */
    public static String of(String s) {
        byte[] hex = new byte[64];
        hexInto(digest(s), hex, 0);
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    /** SHA-256 of the UTF-8 bytes of {@code s}. */
    public static byte[] digest(String s) {
        return SCRATCH.get().md.digest(s.getBytes(StandardCharsets.UTF_8));
    }

    /** This thread's digest and buffers. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** Writes the 64 lowercase hex characters of a 32-byte digest into {@code out} at {@code offset}. */
    public static void hexInto(byte[] digest, byte[] out, int offset) {
        hexInto(digest, 0, out, offset);
    }

    /** The same for a digest at {@code from} in {@code digest}. */
    static void hexInto(byte[] digest, int from, byte[] out, int offset) {
        for (int i = 0; i < 32; i++) {
            byte b = digest[from + i];
            out[offset + 2 * i] = HEX[(b >> 4) & 0xf];
            out[offset + 2 * i + 1] = HEX[b & 0xf];
        }
    }

    /** Whether {@code s} is exactly 64 lowercase hex characters. */
    static boolean isLowerHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
