package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension on an instance field: a fresh emulator per test, closed after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorPerTestExtensionTest {

    @RegisterExtension
    EmbeddedServiceEmulatorExtension emulator =
            EmbeddedServiceEmulatorExtension.of(EmbeddedServiceEmulator.builder().tokenTtl(Duration.ofSeconds(90)));

    private static EmbeddedServiceEmulator fromFirstTest;

    @Test
    @Order(1)
    void an_instance_field_extension_runs_an_emulator_for_the_test() throws Exception {
        fromFirstTest = emulator.emulator();

        assertThat(fromFirstTest.isRunning()).isTrue();
        assertThat(new RawHttp(fromFirstTest).activate().json().get("expiresIn").asLong()).isEqualTo(90);
    }

    @Test
    @Order(2)
    void the_previous_test_emulator_was_closed_and_this_test_has_its_own(EmbeddedServiceEmulator injected) {
        assertThat(fromFirstTest).isNotNull();
        assertThat(fromFirstTest.isRunning()).isFalse();
        assertThat(injected).isNotSameAs(fromFirstTest);
        assertThat(injected.isRunning()).isTrue();
    }
}
