package dev.embeddedservice.internal;

import java.io.IOException;

/** A response body grew past the client's bound while it was being read. */
final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(long limit) {
        super("response body exceeds " + limit + " bytes");
    }
}
