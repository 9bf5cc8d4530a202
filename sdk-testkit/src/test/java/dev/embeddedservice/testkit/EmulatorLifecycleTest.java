package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, configuring, resetting and closing an emulator. */
class EmulatorLifecycleTest {

    @Test
    void defaults_are_the_documented_ones() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            assertThat(emulator.productCode()).isEqualTo("prod-4x2kq7");
            assertThat(emulator.region()).isEqualTo("us-east-1");
            assertThat(emulator.endpointName()).isEqualTo("esvc-identity-test");
            assertThat(emulator.accountId()).isEqualTo("123456789012");
            assertThat(emulator.containerMaxRecords()).isEqualTo(1000);
            assertThat(emulator.activationUrl()).startsWith("http://127.0.0.1:").isEqualTo(emulator.endpointUrl());
            assertThat(emulator.port()).isPositive();
        }
    }

    @Test
    void close_frees_the_port_and_is_idempotent() {
        EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
        String url = emulator.endpointUrl();

        emulator.close();
        emulator.close();

        assertThat(emulator.isRunning()).isFalse();
        assertThatThrownBy(() -> RawHttp.get(url + "/ping")).isInstanceOf(IOException.class);
    }

    @Test
    void close_ends_every_thread_the_emulator_started() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
        RawHttp http = new RawHttp(emulator);
        http.invoke(http.token(), TestRecords.batch(TestRecords.valid(3, 3)));
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && !t.getName().startsWith("HttpClient")
                        && !t.getName().startsWith("ForkJoinPool")).toList();
        assertThat(started).extracting(Thread::getName).anyMatch(name -> name.startsWith("qtp"));

        emulator.close();
        for (Thread thread : started) {
            thread.join(5_000);
        }

        assertThat(started).noneMatch(Thread::isAlive);
    }

    @Test
    void a_port_in_use_is_an_illegal_state() {
        try (EmbeddedServiceEmulator first = EmbeddedServiceEmulator.start()) {
            assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().port(first.port()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
        }
    }

    @Test
    void invalid_settings_are_rejected_naming_the_setting() {
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().port(70_000).start()).hasMessageContaining("port");
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().tokenTtl(Duration.ZERO).start())
                .hasMessageContaining("tokenTtl");
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(0).start())
                .hasMessageContaining("maxRecordsPerInvocation");
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().faultRate(1.5).start()).hasMessageContaining("faultRate");
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().endpointName("bad name").start())
                .hasMessageContaining("endpointName");
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().region("Mars").start()).hasMessageContaining("region");
        assertThatThrownBy(() -> EmbeddedServiceEmulator.builder().productCode(" ").start()).hasMessageContaining("productCode");
        assertThatCode(() -> EmbeddedServiceEmulator.builder().operations(List.of()).start().close())
                .as("an empty entitlement list is allowed").doesNotThrowAnyException();
    }

    @Test
    void runtime_settings_are_validated() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            assertThatThrownBy(() -> emulator.containerMaxRecords(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> emulator.faults().script(0, Fault.DELAY)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> emulator.faults().rate(-0.1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> emulator.activationFailure(ActivationFailure.OUTAGE, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void reset_restores_the_builder_fault_rate_that_clear_removed() throws Exception {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().faultRate(1.0)
                .faultDelay(Duration.ZERO).start()) {
            emulator.faults().rate(1.0, Fault.THROTTLING);
            RawHttp http = new RawHttp(emulator);
            String token = emulator.issueToken();
            String batch = TestRecords.batch(TestRecords.valid(2, 2));
            assertThat(http.invoke(token, batch).status()).isEqualTo(400);

            emulator.faults().clear();
            assertThat(http.invoke(token, batch).status()).isEqualTo(200);

            emulator.reset();
            assertThat(emulator.journal().invocationCount()).isZero();
            http.invoke(token, batch);
            assertThat(emulator.journal().invocations().get(0).fault()).isNotNull();
        }
    }

    @Test
    void to_string_never_shows_the_license_key() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            assertThat(emulator.toString()).doesNotContain(emulator.licenseKey()).contains(emulator.endpointUrl());
        }
    }
}
