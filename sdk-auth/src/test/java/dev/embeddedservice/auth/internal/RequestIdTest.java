package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which header values may be shown as a request id. */
class RequestIdTest {

    @Test
    void aSingleVisibleCharacterIsARequestId() {
        assertThat(RequestId.usable("!")).isEqualTo("!");
        assertThat(RequestId.usable("~")).isEqualTo("~");
    }

    @Test
    void surroundingWhitespaceIsDropped() {
        assertThat(RequestId.usable("  req-1 ")).isEqualTo("req-1");
    }

    @Test
    void upTo128CharactersAreTaken() {
        assertThat(RequestId.usable("a".repeat(128))).hasSize(128);
        assertThat(RequestId.usable("a".repeat(129))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "req\u0000", "req\u007f", "r\u00e9q", "req\u0020id"})
    void anythingButVisibleAsciiIsRefused(String value) {
        assertThat(RequestId.usable(value)).isNull();
    }

    @Test
    void nothingIsNoRequestId() {
        assertThat(RequestId.usable(null)).isNull();
    }

    @Test
    void aValueHoldingASecretIsRefused() {
        assertThat(RequestId.usable("req-lk-Secret-42", "lk-Secret-42")).isNull();
        assertThat(RequestId.usable("lk-Secret-42", "other", "lk-Secret-42")).isNull();
        assertThat(RequestId.usable("req-1", "lk-Secret-42")).isEqualTo("req-1");
    }

    @Test
    void absentOrEmptySecretsRefuseNothing() {
        assertThat(RequestId.usable("req-1", null, "")).isEqualTo("req-1");
    }
}
