package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ProtocolText#escapesLoneSurrogate}: JSON text as Jackson writes it, each case's answer
 * worked out by hand. In the sources below {@code ~} stands for a backslash.
 */
class ProtocolTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'\"plain text\"'                | false",
            "'\"~u0041~u00e9\"'              | false",   // escapes, no surrogates
            "'\"~uD83D~uDE00\"'              | false",   // a pair
            "'\"a~uD83D~uDE00b~uD83D~uDE01\"' | false",  // two pairs
            "'\"~uD800\"'                    | true",    // a lone high one, then a quote
            "'\"~uDC00\"'                    | true",    // a lone low one
            "'\"~uDE00~uD83D\"'              | true",    // a pair the wrong way round
            "'\"~uD800~n\"'                  | true",    // high, then another escape
            "'\"~uD800x\"'                   | true",    // high, then a plain character
            "'~uD800'                        | true",    // high at the very end
            "'~uD83D~uD83D~uDE00'            | true",    // high, high, low
            "'\"~~u0041\"'                   | false",   // an escaped backslash, then plain 'u0041'
            "'\"~~~uD800\"'                  | true",    // an escaped backslash, then a lone high one
            "'~'                             | false",   // a backslash at the very end
            "'x~u12'                         | false",   // an escape cut short at the end
            "'~uD80'                         | false",   // an escape one digit short at the end
    })
    void findsEscapedSurrogatesThatAreNotHalfOfAPair(String text, boolean expected) {
        byte[] json = text.replace('~', '\\').getBytes(StandardCharsets.US_ASCII);

        assertThat(ProtocolText.escapesLoneSurrogate(json)).isEqualTo(expected);
    }
}
