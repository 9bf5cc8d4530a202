package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.Abortable;

/** The bounded response body: exactly {@code max} bytes may be read, one more aborts the request once. */
class ResponseSizeLimitTest {

    /** A body whose request can be aborted, counting aborts and closes. */
    private static final class Body extends ByteArrayInputStream implements Abortable {
        int aborts;
        int closes;
        boolean failClose;

        Body(int size) {
            super(new byte[size]);
        }

        @Override
        public void abort() {
            aborts++;
        }

        @Override
        public void close() throws IOException {
            closes++;
            if (failClose) {
                throw new IOException("connection reset");
            }
        }
    }

    @Test
    void aBodyOfExactlyTheBoundIsReadWhole() throws IOException {
        Body body = new Body(10);
        try (InputStream in = new ResponseSizeLimit.Bounded(body, 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
        assertThat(body.aborts).isZero();
        assertThat(body.closes).isEqualTo(1);
    }

    @Test
    void theByteAfterTheBoundAbortsTheRequestOnceAndFails() throws IOException {
        Body body = new Body(12);
        InputStream in = new ResponseSizeLimit.Bounded(body, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(in.read()).isZero();
        }

        assertThatThrownBy(in::read).isInstanceOf(ResponseTooLargeException.class)
                .hasMessage("response body exceeds 10 bytes");
        assertThatThrownBy(in::read).isInstanceOf(ResponseTooLargeException.class);
        assertThat(body.aborts).as("aborted once").isEqualTo(1);

        body.failClose = true;
        in.close();   // a dropped connection's close failure is moot
        assertThat(body.closes).isEqualTo(1);
    }

    @Test
    void readsIntoABufferAndSkipsCountToo() throws IOException {
        Body body = new Body(20);
        InputStream in = new ResponseSizeLimit.Bounded(body, 8);
        assertThat(in.read(new byte[5], 0, 5)).isEqualTo(5);
        assertThat(in.read(new byte[5], 0, 0)).as("an empty read counts nothing").isZero();
        assertThat(in.skip(3)).isEqualTo(3);

        assertThatThrownBy(() -> in.skip(1)).isInstanceOf(ResponseTooLargeException.class);
        assertThat(body.aborts).isEqualTo(1);

        Body other = new Body(20);
        InputStream second = new ResponseSizeLimit.Bounded(other, 8);
        assertThat(second.read(new byte[8], 0, 8)).isEqualTo(8);
        assertThatThrownBy(() -> second.read(new byte[8], 0, 8)).isInstanceOf(ResponseTooLargeException.class);
        assertThat(other.aborts).isEqualTo(1);
    }

    @Test
    void withinTheBoundAFailingCloseIsReported() {
        Body body = new Body(4);
        body.failClose = true;
        InputStream in = new ResponseSizeLimit.Bounded(body, 10);

        assertThatThrownBy(in::close).isInstanceOf(IOException.class).hasMessage("connection reset");
    }
}
