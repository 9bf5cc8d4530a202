package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension: one emulator for the class, reset before each test, injectable as a parameter. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedServiceEmulatorExtensionTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .maxRecordsPerInvocation(250)
            .productCode("prod-ext001")
            .build();

    private static int portInBeforeAll;
    private static int portInFirstTest;

    @BeforeAll
    static void startedBeforeAll(EmbeddedServiceEmulator injected) {
        portInBeforeAll = injected.port();
    }

    @Test
    @Order(1)
    void it_runs_before_the_tests_and_hands_out_the_five_values() throws Exception {
        portInFirstTest = emulator.emulator().port();
        assertThat(portInFirstTest).isEqualTo(portInBeforeAll);
        assertThat(emulator.activationUrl()).isEqualTo("http://127.0.0.1:" + portInFirstTest);
        assertThat(emulator.endpointUrl()).isEqualTo("http://127.0.0.1:" + portInFirstTest);
        assertThat(emulator.productCode()).isEqualTo("prod-ext001");
        assertThat(emulator.licenseKey()).isEqualTo(EmbeddedServiceEmulator.Builder.DEFAULT_LICENSE_KEY);
        assertThat(emulator.region()).isEqualTo("us-east-1");
        assertThat(emulator.endpointName()).isEqualTo("esvc-identity-test");
        assertThat(RawHttp.get(emulator.endpointUrl() + "/ping").status()).isEqualTo(200);

        RawHttp http = new RawHttp(emulator.emulator());
        assertThat(http.activate().json().at("/config/maxRecordsPerInvocation").asInt()).isEqualTo(250);
        emulator.faults().script(2, Fault.THROTTLING);
        emulator.emulator().containerMaxRecords(5);
        http.invoke(http.token(), TestRecords.batch(TestRecords.valid(1, 1)));
        assertThat(emulator.journal().invocationCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void each_test_starts_from_a_reset_emulator(EmbeddedServiceEmulator injected) throws Exception {
        assertThat(injected).isSameAs(emulator.emulator());
        assertThat(injected.port()).isEqualTo(portInFirstTest);
        assertThat(injected.journal().invocationCount()).isZero();
        assertThat(injected.journal().activationCount()).isZero();
        assertThat(injected.containerMaxRecords()).isEqualTo(250);

        RawHttp http = new RawHttp(injected);
        String token = http.token();
        http.invoke(token, TestRecords.batch(TestRecords.valid(1, 1)));
        http.invoke(token, TestRecords.batch(TestRecords.valid(1, 1)));

        assertThat(injected.journal().faultsInjected()).as("the script of the previous test is gone").isEmpty();
    }

    @Nested
    class NestedTests {
        @Test
        void nested_classes_share_the_running_emulator(EmbeddedServiceEmulator injected) {
            assertThat(injected.isRunning()).isTrue();
            assertThat(injected.port()).isEqualTo(portInBeforeAll);
        }
    }
}
