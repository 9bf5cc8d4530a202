/**
 * A faithful local emulator of the partner's activation service and of an Amazon SageMaker
 * real-time endpoint hosting the partner container (protocol §1–§4), built on WireMock.
 *
 * <p>Start one in process with {@link dev.embeddedservice.testkit.EmbeddedServiceEmulator#builder()},
 * in JUnit 5 tests with {@link dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension}, or as a
 * standalone server with {@link dev.embeddedservice.testkit.EmulatorMain}.
 *
 * <pre>{@code
 * try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
 *     emulator.faults().script(3, Fault.THROTTLING);   // the 3rd InvokeEndpoint call is throttled
 *     // ... point the client at emulator.activationUrl() and emulator.endpointUrl() ...
 *     long billed = emulator.journal().billedUnits();
 * }
 * }</pre>
 *
 * <p>Every parameter and return value is non-null unless its documentation says it may be null.
 */
package dev.embeddedservice.testkit;
