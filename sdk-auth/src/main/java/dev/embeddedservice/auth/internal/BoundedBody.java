package dev.embeddedservice.auth.internal;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads a response body into memory only up to a limit. A declared {@code Content-Length} above
 * the limit is refused before a byte is read; a body without one is read until it passes the
 * limit, and then abandoned.
 */
final class BoundedBody {

    /** 1 MiB: far above any legitimate activation or token response. */
    public static final long MAX_BYTES = 1L << 20;

    private BoundedBody() {
    }

    /**
     * The whole body, or {@code null} when it is larger than {@code limit} bytes.
     *
     * @throws IOException when reading fails
     */
    public static byte[] read(ResponseBody body, long limit) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        long declared = body.contentLength();
        if (declared > limit) {
            return null;
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (buffer.size() <= limit) {
            if (source.read(buffer, 8192) == -1) {
                return buffer.readByteArray();
            }
        }
        buffer.clear();
        return null;
    }

    /** Like {@link #read}, but a body over the limit is cut at the limit. For error bodies only. */
    public static byte[] readPrefix(ResponseBody body, long limit) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (buffer.size() < limit) {
            if (source.read(buffer, Math.min(8192, limit - buffer.size())) == -1) {
                break;
            }
        }
        return buffer.readByteArray();
    }
}
