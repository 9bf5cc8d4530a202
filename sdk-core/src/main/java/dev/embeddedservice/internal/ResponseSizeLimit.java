package dev.embeddedservice.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Abortable;

/**
 * Bounds how much of a response body the SageMaker client reads: a hostile or broken endpoint
 * cannot make the client buffer more than {@code maxBytes}, nor keep reading from the connection
 * past it. Past the bound the HTTP request is aborted, so that closing the body drops the
 * connection instead of reading the rest of the body to reuse it (which, for a body that never
 * ends, would go on until the attempt timeout). Installed on SageMaker clients the SDK builds
 * itself.
 */
final class ResponseSizeLimit implements ExecutionInterceptor {

    private final long maxBytes;

    public ResponseSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes executionAttributes) {
        return context.responseBody().map(body -> new Bounded(body, maxBytes));
    }

    /** The body, counted as it is read. */
    static final class Bounded extends FilterInputStream {
        private final long max;
        private long read;
        private boolean exceeded;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (!exceeded) {
                super.close();
                return;
            }
            // Aborted already: closing reads nothing more; a failure to close a dropped connection is moot.
            try {
                super.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone either way
            }
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > max) {
                if (!exceeded) {
                    exceeded = true;
                    if (in instanceof Abortable abortable) {
                        abortable.abort();
                    }
                }
                throw new ResponseTooLargeException(max);
            }
        }
    }
}
