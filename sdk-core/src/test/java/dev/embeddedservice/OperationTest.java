package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Operation} as a value: equal over name, types and parameters; a string without parameter values. */
class OperationTest {

    private static final Operation<String, Integer> SCORE = Operation.of("fraudScore", String.class, Integer.class)
            .withParam("model", "v2");

    @Test
    void equalOperationsAreEqualOverEveryField() {
        Operation<String, Integer> same = Operation.of("fraudScore", String.class, Integer.class).withParam("model", "v2");

        assertThat(SCORE).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(SCORE).isEqualTo(SCORE);
        assertThat(SCORE).isNotEqualTo(Operation.of("brandSafety", String.class, Integer.class).withParam("model", "v2"));
        assertThat(SCORE).isNotEqualTo(Operation.of("fraudScore", Long.class, Integer.class).withParam("model", "v2"));
        assertThat(SCORE).isNotEqualTo(Operation.of("fraudScore", String.class, Long.class).withParam("model", "v2"));
        assertThat(SCORE).isNotEqualTo(Operation.of("fraudScore", String.class, Integer.class).withParam("model", "v3"));
        assertThat(SCORE).isNotEqualTo(Operation.of("fraudScore", String.class, Integer.class));
        assertThat(SCORE).isNotEqualTo("fraudScore");
        assertThat(SCORE.hashCode()).isNotEqualTo(Operation.of("fraudScore", String.class, Integer.class).hashCode());
    }

    @Test
    void itKeepsWhatItWasGiven() {
        assertThat(SCORE.name()).isEqualTo("fraudScore");
        assertThat(SCORE.inputType()).isEqualTo(String.class);
        assertThat(SCORE.outputType()).isEqualTo(Integer.class);
        assertThat(SCORE.params()).isEqualTo(Map.of("model", "v2"));
    }

    @Test
    void itsStringNamesTheParametersButNotTheirValues() {
        assertThat(SCORE.withParam("secretish", "do-not-print").toString())
                .isEqualTo("Operation[fraudScore, String -> Integer, params=[model, secretish]]");
    }
}
