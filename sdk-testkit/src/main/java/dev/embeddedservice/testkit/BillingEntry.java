package dev.embeddedservice.testkit;

import java.time.Instant;

/**
 * One line of the billing ledger: the {@code X-Amzn-Inference-Metering} header of one 2xx container answer, which
 * SageMaker consumes and does not pass to the caller (protocol §4).
 *
 * <pre>{@code
 * long billedForCleanAnswers = emulator.journal().billingLedger().stream()
 *         .filter(e -> e.fault() == null).mapToLong(BillingEntry::consumedUnits).sum();
 * }</pre>
 *
 * @param invocationNumber the InvokeEndpoint call it belongs to
 * @param recordedAt       when, by the emulator's clock
 * @param inferenceId      the call's inference id, or null
 * @param dimension        the metering dimension, {@code inference.count}
 * @param consumedUnits    records the container processed to a final status (OK, NOT_FOUND or INVALID)
 * @param fault            the answer fault that corrupted this 2xx answer, or null for a clean answer
 */
public record BillingEntry(
        long invocationNumber,
        Instant recordedAt,
        String inferenceId,
        String dimension,
        long consumedUnits,
        Fault fault) {
}
