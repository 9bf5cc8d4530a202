package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.ProtocolViolationException;
import org.junit.jupiter.api.Test;

/** Protocol §1: a token must fit the CustomAttributes header as visible US-ASCII. */
class TokenFormatTest {

    private static void refused(String token, String reason) {
        assertThatThrownBy(() -> TokenFormat.requireUsable(token, "The issuer"))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessage("The issuer issued an unusable token: " + reason);
        assertThat(TokenFormat.isUsable(token)).isFalse();
    }

    @Test
    void aUsableTokenIsReturnedAsIs() {
        assertThat(TokenFormat.requireUsable("abc", "The issuer")).isEqualTo("abc");
        assertThat(TokenFormat.requireUsable("!~", "The issuer")).isEqualTo("!~");
        assertThat(TokenFormat.isUsable("x".repeat(1018))).isTrue();
    }

    @Test
    void emptyOrTooLong() {
        refused(null, "the token is empty");
        refused("", "the token is empty");
        refused("x".repeat(1019), "the token is 1019 characters long, but at most 1018 fit the SageMaker "
                + "CustomAttributes header (1024 characters including the 'token=' prefix)");
    }

    @Test
    void eachKindOfCharacterThatCannotBeSentIsNamed() {
        String tail = "; only visible US-ASCII characters (0x21-0x7E) can be sent in the CustomAttributes header";
        refused("a\rb", "the token contains a carriage return (CR) at position 1" + tail);
        refused("ab\n", "the token contains a line feed (LF) at position 2" + tail);
        refused("a b", "the token contains a space at position 1" + tail);
        refused("\u001fa", "the token contains a control character at position 0" + tail);
        refused("a\u007f", "the token contains a control character at position 1" + tail);
        refused("\u0000", "the token contains a control character at position 0" + tail);
        refused("t\u00f6ken", "the token contains a non-ASCII character at position 1" + tail);
        refused("a\u0080", "the token contains a non-ASCII character at position 1" + tail);
    }
}
