package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one backoff: the ceiling after each failure, the jitter's share, and the bounds of its settings. */
class BackoffTest {

    private static Backoff backoff(long initial, double multiplier, long max, double jitter, double random) {
        return new Backoff(Duration.ofMillis(initial), multiplier, Duration.ofMillis(max), jitter, () -> random);
    }

    @Test
    void theCeilingGrowsByTheMultiplierUpToTheMaximum() {
        Backoff b = backoff(100, 2.0, 1_000, 0, 0);
        assertThat(b.ceilingMillis(0)).as("no failure counts as one").isEqualTo(100);
        assertThat(b.ceilingMillis(1)).isEqualTo(100);
        assertThat(b.ceilingMillis(2)).isEqualTo(200);
        assertThat(b.ceilingMillis(4)).isEqualTo(800);
        assertThat(b.ceilingMillis(5)).isEqualTo(1_000);
        assertThat(b.ceilingMillis(60)).isEqualTo(1_000);
    }

    @Test
    void aCeilingExactlyAtTheMaximumIsTheMaximum() {
        assertThat(backoff(250, 2.0, 1_000, 0, 0).ceilingMillis(3)).isEqualTo(1_000);
        assertThat(backoff(250, 2.0, 999, 0, 0).ceilingMillis(3)).isEqualTo(999);
        assertThat(backoff(100, 1.5, 1_000, 0, 0).ceilingMillis(3)).as("a fraction is cut").isEqualTo(225);
    }

    @Test
    void theJitterTakesItsShareOffTheCeiling() {
        assertThat(backoff(1_000, 2.0, 10_000, 0.5, 0.0).delayMillis(1)).isEqualTo(1_000);
        assertThat(backoff(1_000, 2.0, 10_000, 0.5, 0.5).delayMillis(1)).isEqualTo(750);
        assertThat(backoff(1_000, 2.0, 10_000, 0.5, 0.999).delayMillis(2)).isEqualTo(1_001);
        assertThat(backoff(1_000, 2.0, 10_000, 1.0, 0.25).delayMillis(1)).isEqualTo(750);
        assertThat(backoff(1_000, 2.0, 10_000, 0.0, 0.9).delayMillis(1)).isEqualTo(1_000);
    }

    @Test
    void settingsAtTheirBoundsAreAccepted() {
        assertThat(backoff(0, 1.0, 0, 0.0, 0).delayMillis(3)).isZero();
        assertThat(backoff(5, 1.0, 5, 1.0, 0).delayMillis(3)).isEqualTo(5);
    }

    @Test
    void settingsOutsideTheirBoundsAreRefused() {
        assertRefused(-1, 2.0, 10, 0.5);
        assertRefused(11, 2.0, 10, 0.5);
        assertRefused(1, 0.999, 10, 0.5);
        assertRefused(1, Double.NaN, 10, 0.5);
        assertRefused(1, 2.0, 10, -0.001);
        assertRefused(1, 2.0, 10, 1.001);
        assertRefused(1, 2.0, 10, Double.NaN);
    }

    @Test
    void itSaysWhatItIs() {
        assertThat(backoff(100, 2.0, 1_000, 0.5, 0).toString())
                .isEqualTo("Backoff[initial=100 ms, multiplier=2.0, max=1000 ms, jitter=0.5]");
    }

    private static void assertRefused(long initial, double multiplier, long max, double jitter) {
        assertThatThrownBy(() -> backoff(initial, multiplier, max, jitter, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backoff needs 0 <= initial <= max, multiplier >= 1 and jitter in [0, 1]");
    }
}
