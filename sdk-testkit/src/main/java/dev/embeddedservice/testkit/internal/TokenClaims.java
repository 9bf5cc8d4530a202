package dev.embeddedservice.testkit.internal;

import java.util.List;

/**
 * The claims of an emulator token (protocol §4): {@code sub} AWS account, {@code aud} product code,
 * {@code exp}/{@code iat} epoch seconds, {@code jti} unique id, {@code ops} entitled operations.
 * The jti of tokens the emulator issues is {@code <sequence>-<16 hex>}; {@link #sequence()} parses it (0 when
 * the jti has another form), which is how "every token issued so far" is revoked.
 */
record TokenClaims(String sub, String aud, long exp, long iat, String jti, List<String> ops) {

    TokenClaims {
        ops = ops == null ? List.of() : List.copyOf(ops);
    }

    long sequence() {
        if (jti == null) {
            return 0;
        }
        int dash = jti.indexOf('-');
        if (dash <= 0) {
            return 0;
        }
        try {
            return Long.parseLong(jti, 0, dash, 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
