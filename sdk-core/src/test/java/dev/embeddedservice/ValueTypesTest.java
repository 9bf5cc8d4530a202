package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

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
}
