package dev.embeddedservice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.Fault;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fault schedule is a pure function of (seed, invocation number), at the configured rate. */
class DefaultFaultInjectorTest {

    private static Map<Fault, Integer> histogram(DefaultFaultInjector faults, int calls) {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        for (int n = 1; n <= calls; n++) {
            Fault fault = faults.faultFor(n);
            if (fault != null) {
                counts.merge(fault, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void the_rate_is_met_within_a_fraction_of_a_percent_and_every_kind_occurs_evenly() {
        DefaultFaultInjector faults = new DefaultFaultInjector(42, 0.05, Duration.ZERO);

        Map<Fault, Integer> counts = histogram(faults, 200_000);

        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isBetween(9_600, 10_400);
        assertThat(counts).containsOnlyKeys(Fault.values());
        int expectedPerKind = total / Fault.values().length;
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(expectedPerKind * 8 / 10, expectedPerKind * 12 / 10));
    }

    @Test
    void the_same_seed_gives_the_same_schedule_and_another_seed_another() {
        assertThat(histogram(new DefaultFaultInjector(7, 0.1, Duration.ZERO), 5_000))
                .isEqualTo(histogram(new DefaultFaultInjector(7, 0.1, Duration.ZERO), 5_000));
        DefaultFaultInjector a = new DefaultFaultInjector(7, 0.1, Duration.ZERO);
        DefaultFaultInjector b = new DefaultFaultInjector(8, 0.1, Duration.ZERO);
        int differences = 0;
        for (int n = 1; n <= 1_000; n++) {
            if (a.faultFor(n) != b.faultFor(n)) {
                differences++;
            }
        }
        assertThat(differences).isGreaterThan(50);
    }

    @Test
    void the_decision_for_a_call_does_not_depend_on_which_calls_were_asked_before() {
        DefaultFaultInjector forward = new DefaultFaultInjector(3, 0.3, Duration.ZERO);
        DefaultFaultInjector backward = new DefaultFaultInjector(3, 0.3, Duration.ZERO);
        Fault[] expected = new Fault[500];
        for (int n = 1; n <= 500; n++) {
            expected[n - 1] = forward.faultFor(n);
        }
        for (int n = 500; n >= 1; n--) {
            assertThat(backward.faultFor(n)).isEqualTo(expected[n - 1]);
        }
    }

    @Test
    void kinds_limit_the_faults_and_scripts_win() {
        DefaultFaultInjector faults = new DefaultFaultInjector(1, 0, Duration.ZERO);
        faults.rate(0.5, Fault.DELAY, Fault.THROTTLING).script(10, Fault.NON_JSON_BODY);

        Map<Fault, Integer> counts = histogram(faults, 1_000);

        assertThat(counts).containsOnlyKeys(Fault.DELAY, Fault.THROTTLING, Fault.NON_JSON_BODY);
        assertThat(faults.faultFor(10)).isEqualTo(Fault.NON_JSON_BODY);
    }

    @Test
    void reset_restores_the_configured_rate_and_delay() {
        DefaultFaultInjector faults = new DefaultFaultInjector(1, 1.0, Duration.ofMillis(20));
        faults.clear().delay(Duration.ofMillis(5));
        assertThat(faults.faultFor(1)).isNull();

        faults.reset();

        assertThat(faults.faultFor(1)).isNotNull();
        assertThat(faults.delayMillis()).isEqualTo(20);
    }
}
