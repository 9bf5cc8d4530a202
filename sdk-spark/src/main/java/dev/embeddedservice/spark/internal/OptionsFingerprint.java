package dev.embeddedservice.spark.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of the settings an executor's client is built from: the key of the executor's client
 * holder. Computed once on the driver, so every deserialized copy of one options object finds the
 * same client, and equal settings share one client even when given as a lambda factory.
 */
public final class OptionsFingerprint {

    private OptionsFingerprint() {
    }

    /** SHA-256 of the Java serialization of {@code settings}, in hex. */
    public static String of(Serializable... settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            for (Serializable s : settings) {
                out.writeObject(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the options (and the client factory's captured values) must be "
                    + "serializable", e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
