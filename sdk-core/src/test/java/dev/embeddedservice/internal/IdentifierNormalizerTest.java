package dev.embeddedservice.internal;

import dev.embeddedservice.NormalizedIdentifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.Reference;
import dev.embeddedservice.IdentifierType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultIdentifierNormalizer normalizer = new DefaultIdentifierNormalizer("US");

    /** The protocol's hashing, written out independently of the code under test. */
    static String sha256(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%064x", new BigInteger(1, d));
    }

    @Test
    void emailIsTrimmedLowercasedAndHashed() throws Exception {
        NormalizedIdentifier n = normalizer.normalize(Identifier.email("  Alice.Smith@Example.COM \t"));
        assertThat(n.isValid()).isTrue();
        assertThat(n.type()).isEqualTo(IdentifierType.EMAIL_SHA256);
        assertThat(n.value()).isEqualTo(sha256("alice.smith@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "no-at-sign", "@example.com", "alice@", "a@b@c", "al ice@example.com"})
    void textThatIsNotAnEmailIsInvalid(String value) {
        NormalizedIdentifier n = normalizer.normalize(Identifier.email(value));
        assertThat(n.isValid()).isFalse();
        assertThat(n.type()).isEqualTo(IdentifierType.EMAIL_SHA256);
        assertThat(n.invalidReason()).isEqualTo("not an email address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(202) 555-0143", "202-555-0143", "+1 202 555 0143", "1 (202) 555-0143", " 2025550143 "})
    void usPhoneInAnyLocalFormatHashesItsE164Form(String value) throws Exception {
        NormalizedIdentifier n = normalizer.normalize(Identifier.phone(value));
        assertThat(n.isValid()).isTrue();
        assertThat(n.type()).isEqualTo(IdentifierType.PHONE_SHA256);
        assertThat(n.value()).isEqualTo(sha256("+12025550143"));
    }

    @Test
    void phoneWithExplicitRegionUsesThatRegion() throws Exception {
        NormalizedIdentifier n = normalizer.normalize(Identifier.phone("020 7946 0958", "GB"));
        assertThat(n.value()).isEqualTo(sha256("+442079460958"));
    }

    @Test
    void defaultPhoneRegionIsAClientSetting() throws Exception {
        NormalizedIdentifier n = new DefaultIdentifierNormalizer("GB").normalize(Identifier.phone("020 7946 0958"));
        assertThat(n.value()).isEqualTo(sha256("+442079460958"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12", "not a phone", "+1 000 000 0000", "555-0143"})
    void invalidPhoneNumbersAreInvalid(String value) {
        NormalizedIdentifier n = normalizer.normalize(Identifier.phone(value));
        assertThat(n.isValid()).isFalse();
        assertThat(n.invalidReason()).startsWith("not a valid phone number");
    }

    @Test
    void maidIsTrimmedAndLowercased() {
        NormalizedIdentifier n = normalizer.normalize(Identifier.maid(" 6D92078A-8246-4BA4-AE5B-76104861E7DC "));
        assertThat(n.type()).isEqualTo(IdentifierType.MAID);
        assertThat(n.value()).isEqualTo("6d92078a-8246-4ba4-ae5b-76104861e7dc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6d92078a82464ba4ae5b76104861e7dc", "6d92078a-8246-4ba4-ae5b-76104861e7d",
            "6d92078a-8246-4ba4-ae5b-76104861e7dz", "00000000-0000-0000-0000-000000000000", ""})
    void malformedOrZeroedMaidIsInvalid(String value) {
        assertThat(normalizer.normalize(Identifier.maid(value)).isValid()).isFalse();
    }

    @Test
    void hashedEmailIsLowercasedAndCheckedForLength() throws Exception {
        String hash = sha256("bob@example.com");
        assertThat(normalizer.normalize(Identifier.emailSha256(hash.toUpperCase())).value()).isEqualTo(hash);
        assertThat(normalizer.normalize(Identifier.emailSha256(hash.substring(1))).isValid()).isFalse();
        assertThat(normalizer.normalize(Identifier.phoneSha256("xyz")).type()).isEqualTo(IdentifierType.PHONE_SHA256);
    }

    @Test
    void customIsSentAsGivenAndMustNotBeEmpty() {
        assertThat(normalizer.normalize(Identifier.custom(" Partner-Id 42 ")).value()).isEqualTo(" Partner-Id 42 ");
        assertThat(normalizer.normalize(Identifier.custom("")).isValid()).isFalse();
    }

    @Test
    void normalizingTheWireFormAgainGivesItBack() {
        String maid = normalizer.normalize(Identifier.maid("6D92078A-8246-4BA4-AE5B-76104861E7DC")).value();
        assertThat(normalizer.normalize(Identifier.maid(maid)).value()).isEqualTo(maid);
        String hash = normalizer.normalize(Identifier.email("X@Y.Z")).value();
        assertThat(normalizer.normalize(Identifier.emailSha256(hash)).value()).isEqualTo(hash);
    }

    @Test
    void theEncodedRecordIsTheNormalizedIdentifierEncoded() throws Exception {
        for (Identifier id : java.util.List.of(Identifier.email(" Mixed.Case@Example.COM "), Identifier.email("nope"),
                Identifier.phone("(202) 555-0143"), Identifier.phone("020 7946 0958", "GB"), Identifier.phone("12"),
                Identifier.maid("6D92078A-8246-4BA4-AE5B-76104861E7DC"), Identifier.custom("a \"quoted\" id"),
                Identifier.emailSha256("ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789"))) {
            Reference.Expected expected = Reference.expected("ns", id, "US");
            byte[] data = normalizer.recordData(id);
            if (expected.wire() == null) {
                assertThat(data).as("%s is invalid: no record", id).isNull();
                assertThat(normalizer.normalize(id).isValid()).isFalse();
            } else {
                // The record JSON written out independently: {"type":"...","value":"..."}.
                assertThat(JSON.readTree(RecordData.toJson(data))).isEqualTo(JSON.createObjectNode()
                        .put("type", expected.type().name()).put("value", expected.wire()));
            }
        }
    }

    @Test
    void toStringNeverShowsTheValue() {
        assertThat(Identifier.email("secret@example.com").toString()).doesNotContain("secret");
        assertThat(normalizer.normalize(Identifier.email("secret@example.com")).toString())
                .doesNotContain(Sha256Hex.of("secret@example.com"));
    }
}
