package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, points 2 and 3 (protocol §2): text that is not well-formed is INVALID for every type,
 * never repaired and sent; the trim set is the protocol's, in every normalizer but CUSTOM's. Every
 * expected answer is recomputed by {@link Reference}, which implements the rules on its own.
 */
class TextEdgesTest {

    /** The protocol's trim set, one code point each (White_Space, U+200B, U+FEFF). */
    private static final String TRIM_SET = "\t\n\u000B\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
            + "\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\u200B\uFEFF";

    private static EmbeddedServiceEmulator emulator;
    private static EmbeddedServiceClient client;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(500).start();
        client = EmulatorFixture.client(emulator).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void anEmailWithALoneSurrogateIsInvalidNotTheAnswerOfItsRepairedTwin() {
        List<Identifier> ids = List.of(Identifier.email("lone\uD800surrogate@example.com"),
                Identifier.email("lone?surrogate@example.com"), Identifier.email("lone\uFFFDsurrogate@example.com"));

        TranslateResponse r = client.translate(ids);

        assertThat(r.results().get(0).status()).isEqualTo(RecordStatus.INVALID);
        assertThat(r.results().get(0).reason().orElseThrow()).contains("not well-formed");
        for (int i = 1; i < 3; i++) {
            assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"), r.results().get(i))).isTrue();
        }
        assertThat(emulator.journal().recordsReceived()).as("the ill-formed one is never sent").isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(IdentifierType.class)
    void aLoneSurrogateMakesAnyTypeInvalidAndTheCallGoesOn(IdentifierType type) {
        String[] bad = {"x\uDC00y", "\uD83D", "ok\uDE00\uD83D"};
        List<Identifier> ids = new ArrayList<>();
        ids.add(Identifier.email("before@example.com"));
        for (String value : bad) {
            ids.add(Identifier.of(type, value));
        }
        ids.add(Identifier.custom("after"));

        TranslateResponse r = client.translate(ids);

        for (int i = 1; i <= bad.length; i++) {
            assertThat(r.results().get(i).status()).as("%s %d", type, i).isEqualTo(RecordStatus.INVALID);
            assertThat(r.results().get(i).type()).isEqualTo(type.wireType());
        }
        assertThat(Reference.matches(Reference.expected("default", ids.get(0), "US"), r.results().get(0))).isTrue();
        assertThat(Reference.matches(Reference.expected("default", ids.get(4), "US"), r.results().get(4))).isTrue();
        assertThat(emulator.journal().recordsReceived()).isEqualTo(2);
    }

    @Test
    void aWellFormedSurrogatePairIsText() {
        Identifier custom = Identifier.custom("emoji-\uD83D\uDE00");
        TranslateResponse r = client.translate(List.of(custom));
        assertThat(Reference.matches(Reference.expected("default", custom, "US"), r.results().get(0))).isTrue();
        assertThat(r.results().get(0).status()).isNotEqualTo(RecordStatus.INVALID);
    }

    @Test
    void aGenericInputWithALoneSurrogateIsInvalidAndNeverSent() {
        record Text(String value) {
        }
        Operation<Text, Map> op = Operation.of("translate", Text.class, Map.class).withParam("targetNamespace", "n");
        BatchResult<Map> r = client.invoke(op, List.of(new Text("x\uDC00y"), new Text("fine")));
        assertThat(r.results().get(0).status()).isEqualTo(RecordStatus.INVALID);
        assertThat(r.results().get(0).reason().orElseThrow()).contains("not well-formed");
        assertThat(emulator.journal().recordsReceived()).isEqualTo(1);
    }

    @Test
    void paramsOrANamespaceThatAreNotWellFormedAreRefusedBeforeAnythingIsSent() {
        Operation<String, String> op = Operation.of("fraudScore", String.class, String.class).withParam("model", "v\uD800");
        assertThatThrownBy(() -> client.invoke(op, List.of("a"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> client.translate(TranslateRequest.builder()
                .identifiers(List.of(Identifier.email("a@example.com"))).targetNamespace("ns\uDC00").build()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("targetNamespace");
        assertThat(emulator.journal().invocationCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
    void everyCharacterOfTheTrimSetIsTrimmedFromEveryTypeButCustom(int index) {
        String c = TRIM_SET.substring(index, index + 1);
        String maid = "6D92078A-8246-4BA4-AE5B-76104861E7DC";
        String hash = Reference.sha256("trim@example.com").toUpperCase(Locale.ROOT);
        List<Identifier> wrapped = List.of(Identifier.email(c + " Trim@Example.com" + c),
                Identifier.phone(c + "(202) 555-0143" + c), Identifier.maid(c + maid + c),
                Identifier.emailSha256(c + hash + c), Identifier.phoneSha256(c + c + hash + c),
                Identifier.custom(c + "partner-7" + c));
        List<Identifier> bare = List.of(Identifier.email("trim@example.com"), Identifier.phone("+12025550143"),
                Identifier.maid(maid.toLowerCase(Locale.ROOT)), Identifier.emailSha256(hash.toLowerCase(Locale.ROOT)),
                Identifier.phoneSha256(hash.toLowerCase(Locale.ROOT)), Identifier.custom("partner-7"));

        TranslateResponse r = client.translate(wrapped);
        TranslateResponse b = client.translate(bare);

        for (int i = 0; i < wrapped.size(); i++) {
            Reference.Expected expected = Reference.expected("default", wrapped.get(i), "US");
            assertThat(Reference.matches(expected, r.results().get(i))).as("U+%04X around input %d", (int) c.charAt(0), i)
                    .isTrue();
            if (i < 5) {
                assertThat(r.results().get(i)).as("trimmed like its bare form").isEqualTo(b.results().get(i));
                assertThat(r.results().get(i).status()).isNotEqualTo(RecordStatus.INVALID);
            }
        }
        assertThat(expectedWire(wrapped.get(5))).as("CUSTOM is sent as given").isEqualTo(c + "partner-7" + c);
    }

    @Test
    void anEmailWithWhitespaceOrAControlCharacterInsideIsInvalid() {
        List<Identifier> ids = List.of(Identifier.email("a\u00A0b@example.com"), Identifier.email("a\u202Fb@example.com"),
                Identifier.email("a@exa\u0085mple.com"), Identifier.email("a\u0007@example.com"),
                Identifier.email("a\u200B@example.com"));
        TranslateResponse r = client.translate(ids);
        assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).isEqualTo(RecordStatus.INVALID));
        for (Identifier id : ids) {
            assertThat(Reference.expected("default", id, "US").status()).isEqualTo(RecordStatus.INVALID);
        }
        assertThat(emulator.journal().invocationCount()).isZero();
    }

    private static String expectedWire(Identifier id) {
        return Reference.expected("default", id, "US").wire();
    }
}
