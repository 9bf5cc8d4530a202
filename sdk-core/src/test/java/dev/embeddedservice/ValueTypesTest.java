package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public value types: equality over every field, hash codes that follow it, and strings that hide values. */
class ValueTypesTest {

    @Test
    void identifiersAreEqualByTypeValueAndRegion() {
        Identifier a = Identifier.phone("202-555-0143", "US");
        assertThat(a).isEqualTo(Identifier.phone("202-555-0143", "US"))
                .hasSameHashCodeAs(Identifier.phone("202-555-0143", "US"))
                .isNotEqualTo(Identifier.phone("202-555-0143", "CA"))
                .isNotEqualTo(Identifier.phone("202-555-0143"))
                .isNotEqualTo(Identifier.phone("202-555-0144", "US"))
                .isNotEqualTo(Identifier.custom("202-555-0143"))
                .isNotEqualTo("202-555-0143");
        assertThat(a.hashCode()).isNotEqualTo(Identifier.phone("202-555-0143", "CA").hashCode())
                .isNotEqualTo(Identifier.phone("202-555-0144", "US").hashCode());
        assertThat(Identifier.custom("x").hashCode()).isNotEqualTo(Identifier.email("x").hashCode());
        assertThat(a.phoneRegion()).hasValue("US");
        assertThat(Identifier.phone("202-555-0143").phoneRegion()).isEmpty();
    }

    @Test
    void anIdentifiersStringHidesItsValue() {
        assertThat(Identifier.email("alice@example.com").toString()).isEqualTo("Identifier[EMAIL, <redacted>]");
        assertThat(Identifier.of(IdentifierType.MAID, "m").type()).isEqualTo(IdentifierType.MAID);
    }

    @Test
    void translateResultsAreEqualOverEveryField() {
        TranslateResult failed = TranslateResult.failed(IdentifierType.EMAIL_SHA256, "busy", true);
        assertThat(failed).isEqualTo(TranslateResult.failed(IdentifierType.EMAIL_SHA256, "busy", true))
                .hasSameHashCodeAs(TranslateResult.failed(IdentifierType.EMAIL_SHA256, "busy", true))
                .isNotEqualTo(TranslateResult.failed(IdentifierType.EMAIL_SHA256, "busy", false))
                .isNotEqualTo(TranslateResult.failed(IdentifierType.EMAIL_SHA256, "other", true))
                .isNotEqualTo(TranslateResult.failed(IdentifierType.MAID, "busy", true))
                .isNotEqualTo(TranslateResult.invalid(IdentifierType.EMAIL_SHA256, "busy"))
                .isNotEqualTo("busy");
        assertThat(TranslateResult.ok(IdentifierType.MAID, "tk_1")).isNotEqualTo(TranslateResult.ok(IdentifierType.MAID, "tk_2"));
        assertThat(failed.hashCode()).isNotEqualTo(TranslateResult.failed(IdentifierType.EMAIL_SHA256, "busy", false)
                .hashCode());
    }

    @Test
    void aTranslateResultsStringSaysWhatItHas() {
        assertThat(TranslateResult.ok(IdentifierType.MAID, "tk_1").toString())
                .isEqualTo("TranslateResult[MAID, OK, translatedId=tk_1]");
        assertThat(TranslateResult.notFound(IdentifierType.MAID).toString()).isEqualTo("TranslateResult[MAID, NOT_FOUND]");
        assertThat(TranslateResult.invalid(IdentifierType.MAID, "bad").toString())
                .isEqualTo("TranslateResult[MAID, INVALID, reason=bad]");
        assertThat(TranslateResult.failed(IdentifierType.MAID, "busy", false).toString())
                .isEqualTo("TranslateResult[MAID, FAILED, reason=busy, retryable=false]");
        assertThat(TranslateResult.notFound(IdentifierType.EMAIL_SHA256).type()).isEqualTo(IdentifierType.EMAIL_SHA256);
    }

    @Test
    void recordResultsAreEqualOverEveryFieldAndSayWhatTheyHave() {
        RecordResult<String> failed = RecordResult.failed("busy", true);
        assertThat(failed).isEqualTo(RecordResult.failed("busy", true))
                .hasSameHashCodeAs(RecordResult.failed("busy", true))
                .isNotEqualTo(RecordResult.failed("busy", false))
                .isNotEqualTo(RecordResult.failed("other", true))
                .isNotEqualTo(RecordResult.invalid("busy"))
                .isNotEqualTo("busy");
        assertThat(RecordResult.ok("v")).isEqualTo(RecordResult.ok("v")).isNotEqualTo(RecordResult.ok("w"));
        assertThat(failed.hashCode()).isNotEqualTo(RecordResult.failed("busy", false).hashCode());
        assertThat(RecordResult.ok("v").toString()).isEqualTo("RecordResult[OK, v]");
        assertThat(RecordResult.notFound().toString()).isEqualTo("RecordResult[NOT_FOUND]");
        assertThat(RecordResult.invalid("bad").toString()).isEqualTo("RecordResult[INVALID, bad]");
        assertThat(failed.toString()).isEqualTo("RecordResult[FAILED, busy, retryable=true]");
        assertThat(RecordResult.ok("v").value()).hasValue("v");
        assertThat(failed.reason()).hasValue("busy");
        assertThat(failed.retryable()).isTrue();
    }

    @Test
    void identifierTypesAreFoundByTheirExternalNamesInAnyCase() {
        String[] names = {"email", "phone", "maid", "email_sha256", "phone_sha256", "custom"};
        IdentifierType[] types = IdentifierType.values();
        assertThat(types).hasSize(names.length);
        for (int i = 0; i < names.length; i++) {
            assertThat(types[i].externalName()).isEqualTo(names[i]);
            assertThat(IdentifierType.fromName(names[i])).isSameAs(types[i]);
            assertThat(IdentifierType.fromName(" " + names[i].toUpperCase() + " ")).isSameAs(types[i]);
        }
        assertThatThrownBy(() -> IdentifierType.fromName("mail"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("unknown identifier type 'mail': expected one of "
                        + "email, phone, maid, email_sha256, phone_sha256, custom");
        assertThatThrownBy(() -> IdentifierType.fromName(null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("unknown identifier type 'null'");
    }

    @Test
    void onlyTheRawEmailAndPhoneTypesAreNotWireTypes() {
        assertThat(IdentifierType.EMAIL.isWireType()).isFalse();
        assertThat(IdentifierType.PHONE.isWireType()).isFalse();
        for (IdentifierType t : List.of(IdentifierType.MAID, IdentifierType.EMAIL_SHA256,
                IdentifierType.PHONE_SHA256, IdentifierType.CUSTOM)) {
            assertThat(t.isWireType()).as(t.name()).isTrue();
            assertThat(t.wireType()).isSameAs(t);
        }
        assertThat(IdentifierType.EMAIL.wireType()).isSameAs(IdentifierType.EMAIL_SHA256);
        assertThat(IdentifierType.PHONE.wireType()).isSameAs(IdentifierType.PHONE_SHA256);
    }

    @Test
    void aSummarysRateIsItsRecordsOverItsElapsedTime() {
        assertThat(summary(1_000, Duration.ofSeconds(2)).recordsPerSecond()).isEqualTo(500.0);
        assertThat(summary(3, Duration.ofMillis(250)).recordsPerSecond()).isEqualTo(12.0);
        assertThat(summary(7, Duration.ZERO).recordsPerSecond()).isZero();
    }

    @Test
    void aNormalizedIdentifierGivesItsWireFormBackAndHidesItsValue() {
        String digest = "a".repeat(64);
        NormalizedIdentifier valid = NormalizedIdentifier.valid(IdentifierType.EMAIL, digest);
        assertThat(valid.type()).isSameAs(IdentifierType.EMAIL_SHA256);
        assertThat(valid.toIdentifier()).isEqualTo(Identifier.of(IdentifierType.EMAIL_SHA256, digest));
        assertThat(valid.toString()).isEqualTo("NormalizedIdentifier[EMAIL_SHA256, <redacted>]");

        NormalizedIdentifier invalid = NormalizedIdentifier.invalid(IdentifierType.PHONE, "not a phone number");
        assertThat(invalid.isValid()).isFalse();
        assertThat(invalid.toString()).isEqualTo("NormalizedIdentifier[PHONE_SHA256, invalid: not a phone number]");
        assertThatThrownBy(invalid::toIdentifier).isInstanceOf(IllegalStateException.class)
                .hasMessage("an invalid identifier has no wire form");
    }

    @Test
    void theNormalizerFactoryGivesAWorkingNormalizer() {
        IdentifierNormalizer n = IdentifierNormalizer.create("US");
        NormalizedIdentifier maid = n.normalize(Identifier.of(IdentifierType.MAID, "0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assertThat(maid.value()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
    }

    @Test
    void requestsAndResponsesSayHowManyTheyHoldAndNothingElse() {
        InvocationSummary s = summary(2, Duration.ofMillis(5));
        TranslateRequest request = TranslateRequest.builder()
                .identifiers(List.of(Identifier.email("a@example.com"), Identifier.email("b@example.com")))
                .targetNamespace("ns").build();
        assertThat(request.toString()).isEqualTo("TranslateRequest[2 identifiers, targetNamespace=ns]");
        assertThat(new TranslateResponse(List.of(TranslateResult.notFound(IdentifierType.EMAIL_SHA256)), s).toString())
                .isEqualTo("TranslateResponse[1 results, " + s + "]");
        assertThat(new BatchResult<>(List.of(RecordResult.notFound(), RecordResult.notFound()), s).toString())
                .isEqualTo("BatchResult[2 results, " + s + "]");
        assertThatThrownBy(() -> TranslateRequest.builder().targetNamespace(" ").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("targetNamespace must not be blank");
        assertThat(TranslateRequest.builder().build().targetNamespace()).isEmpty();
    }

    private static InvocationSummary summary(long records, Duration elapsed) {
        return new InvocationSummary(records, 0, 0, 0, 0, 0, 0, 0, 0, 0, elapsed);
    }
}
