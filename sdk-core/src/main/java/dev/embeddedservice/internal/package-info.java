/**
 * Implementation of {@code dev.embeddedservice}: how a call runs. Not API: anything here may
 * change in any release; the few public types are public for the SDK's own modules and
 * benchmarks only.
 *
 * <p>The named parts, in the order a call meets them (see {@code docs/architecture.md}):
 * <ul>
 *   <li>{@link dev.embeddedservice.internal.DefaultClientBuilder} and {@code ClientSettings}: the
 *       builder and the settings it resolves (explicit, then environment).</li>
 *   <li>{@code DefaultEmbeddedServiceClient}: the facade; {@code ClientRuntime}: token provider,
 *       pools, circuit breaker, SageMaker client.</li>
 *   <li>{@code BlockingRun} and {@code StreamingWindow}: the two call forms.</li>
 *   <li>{@code OperationCodec} ({@link dev.embeddedservice.internal.TranslateCodec},
 *       {@code GenericCodec}): inputs to wire records, answers to results.</li>
 *   <li>{@link dev.embeddedservice.internal.Chunk}, {@link dev.embeddedservice.internal.BatchPlanner},
 *       {@link dev.embeddedservice.internal.Envelope}: de-duplication, exact batch cutting, bodies.</li>
 *   <li>{@code BatchRunner} and {@code AttemptLoop}: a batch to completion, each attempt classified
 *       once ({@code InvokeErrors}, {@code AttemptFailure}).</li>
 *   <li>{@link dev.embeddedservice.internal.ResponseDecoder}: answers checked against the protocol.</li>
 * </ul>
 */
package dev.embeddedservice.internal;
