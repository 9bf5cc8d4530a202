package dev.embeddedservice;

import java.time.Duration;

/**
 * What one call of the client did, for logs and dashboards.
 *
 * @param records           input records, duplicates included
 * @param uniqueRecordsSent distinct records submitted to the endpoint (duplicates and locally invalid records are not sent)
 * @param invocations       InvokeEndpoint attempts made
 * @param retries           attempts that repeated an earlier one (after an error, a 401 or a 413 split)
 * @param reactivations     new tokens obtained because the endpoint refused the current one
 * @param billedRecords     records in invocations the endpoint answered with success (what the partner bills)
 * @param ok                inputs with status {@code OK}
 * @param notFound          inputs with status {@code NOT_FOUND}
 * @param invalid           inputs with status {@code INVALID}
 * @param failed            inputs with status {@code FAILED}
 * @param elapsed           wall-clock time of the call
 */
public record InvocationSummary(long records, long uniqueRecordsSent, long invocations, long retries,
                                long reactivations, long billedRecords, long ok, long notFound, long invalid,
                                long failed, Duration elapsed) {

    /** Records per second over the call's elapsed time. */
    public double recordsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : records * 1e9 / nanos;
    }
}
