package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Bodies read no further than a bound, whether or not their length is declared. */
class BoundedBodyTest {

    private static ResponseBody declared(int size) {
        return ResponseBody.create(new byte[size], null);
    }

    /** A body of {@code size} bytes whose length is not declared (as with chunked encoding). */
    private static ResponseBody undeclared(int size) {
        return ResponseBody.create(new Buffer().write(new byte[size]), null, -1);
    }

    @Test
    void aBodyAtTheLimitIsReadWholeAndOneByteMoreIsNot() throws IOException {
        assertThat(BoundedBody.read(declared(100), 100)).hasSize(100);
        assertThat(BoundedBody.read(declared(101), 100)).isNull();
        assertThat(BoundedBody.read(undeclared(100), 100)).hasSize(100);
        assertThat(BoundedBody.read(undeclared(101), 100)).isNull();
        assertThat(BoundedBody.read(undeclared(20_000), 10_000)).isNull();
        assertThat(BoundedBody.read(undeclared(20_000), 20_000)).hasSize(20_000);
    }

    @Test
    void noBodyIsAnEmptyOne() throws IOException {
        assertThat(BoundedBody.read(null, 10)).isEmpty();
        assertThat(BoundedBody.readPrefix(null, 10)).isEmpty();
        assertThat(BoundedBody.read(declared(0), 10)).isEmpty();
    }

    @Test
    void aPrefixIsCutAtTheLimit() throws IOException {
        assertThat(BoundedBody.readPrefix(undeclared(100), 40)).hasSize(40);
        assertThat(BoundedBody.readPrefix(undeclared(100), 100)).hasSize(100);
        assertThat(BoundedBody.readPrefix(undeclared(30), 100)).hasSize(30);
        assertThat(BoundedBody.readPrefix(undeclared(20_000), 10_000)).hasSize(10_000);
        assertThat(BoundedBody.readPrefix(undeclared(20_000), 8_193)).hasSize(8_193);
    }
}
