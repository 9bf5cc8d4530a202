/**
 * The embedded-service client: the public API of sdk-core.
 *
 * <ul>
 *   <li>{@link dev.embeddedservice.EmbeddedServiceClient}: the one entry point, built with
 *       {@link dev.embeddedservice.EmbeddedServiceClient#builder()}; advanced settings in
 *       {@link dev.embeddedservice.OverrideConfiguration} ({@link dev.embeddedservice.RetrySettings},
 *       {@link dev.embeddedservice.CircuitBreakerSettings}).</li>
 *   <li>Inputs: {@link dev.embeddedservice.Identifier} of an {@link dev.embeddedservice.IdentifierType},
 *       {@link dev.embeddedservice.TranslateRequest}; any partner operation as an
 *       {@link dev.embeddedservice.Operation}.</li>
 *   <li>Results: {@link dev.embeddedservice.TranslateResponse} of
 *       {@link dev.embeddedservice.TranslateResult}s, {@link dev.embeddedservice.BatchResult} of
 *       {@link dev.embeddedservice.RecordResult}s, one per input in input order, each with a
 *       {@link dev.embeddedservice.RecordStatus}; {@link dev.embeddedservice.InvocationSummary}.</li>
 *   <li>{@link dev.embeddedservice.IdentifierNormalizer}: the client's normalization and hashing, for
 *       applications that work on the wire form themselves.</li>
 *   <li>{@link dev.embeddedservice.EmbeddedServiceListener}: metrics and tracing events.</li>
 * </ul>
 *
 * <pre>{@code
 * try (EmbeddedServiceClient client = EmbeddedServiceClient.builder()
 *         .activationConfig(activationConfig)
 *         .targetNamespace("acme-media")
 *         .build()) {
 *     TranslateResponse response = client.translate(List.of(Identifier.email("alice@example.com")));
 * }
 * }</pre>
 *
 * <p>Parameters and return values are non-null unless documented otherwise (a {@code null}
 * argument to a public method is a programming error and throws {@link NullPointerException});
 * optional values are returned as {@link java.util.Optional}. The exceptions are in
 * {@code dev.embeddedservice.exception} (sdk-auth). Implementation classes live in
 * {@code dev.embeddedservice.internal} and are not API.
 */
package dev.embeddedservice;
