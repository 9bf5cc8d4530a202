package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void tokensDigestsUuidsEmailsAndPhonesAreRedacted() {
        String s = Redactor.sanitize("token=eyJhbGciOi.eyJzdWIi.c2ln for 6d92078a-8246-4ba4-ae5b-76104861e7dc "
                + "hash 0123456789abcdef0123456789abcdef0123 alice@example.com +1 202 555 0143");
        assertThat(s).doesNotContain("eyJ", "6d92078a", "0123456789abcdef", "alice", "555")
                .contains("token=<redacted>", "<uuid>", "<hex>", "<email>", "<number>");
    }

    @Test
    void messagesAreBoundedAndFreeOfControlCharacters() {
        String s = Redactor.sanitize("line\r\nbreak " + "word ".repeat(500));
        assertThat(s).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(303);
    }

    @Test
    void everyControlCharacterBecomesASpaceAndOtherTextIsKept() {
        assertThat(Redactor.sanitize("a\u0000b\u001fc\u007fd\u0085e\u009ff g\u00a0h"))
                .isEqualTo("a b c d e f g\u00a0h");
    }

    @Test
    void aMessageIsCutAtThreeHundredCharactersAndMarkedOnlyWhenLonger() {
        String exact = "ab ".repeat(100);
        assertThat(Redactor.sanitize(exact)).isEqualTo(exact);
        assertThat(Redactor.sanitize(exact + "c")).isEqualTo(exact + "...");
        assertThat(Redactor.sanitize("ab ".repeat(1_000))).isEqualTo(exact + "...");
    }

    @Test
    void nullAndEmptyBecomeEmpty() {
        assertThat(Redactor.sanitize(null)).isEmpty();
        assertThat(Redactor.sanitize("")).isEmpty();
    }
}
