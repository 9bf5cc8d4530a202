package dev.embeddedservice.examples;

import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the rows of a run by status, and its {@code FAILED} rows by reason, for the summary that
 * ends a run. At most {@value #MAX_REASONS} distinct reasons are told apart; the rest are counted
 * together, so memory stays bounded.
 */
final class RunTally {

    static final int MAX_REASONS = 20;

    private final long[] counts = new long[RecordStatus.values().length];
    private final Map<String, Long> failedByReason = new LinkedHashMap<>();
    private long failedOtherReasons;

    synchronized void add(RecordStatus status, String reason) {
        counts[status.ordinal()]++;
        if (status == RecordStatus.FAILED) {
            if (failedByReason.containsKey(reason) || failedByReason.size() < MAX_REASONS) {
                failedByReason.merge(reason, 1L, Long::sum);
            } else {
                failedOtherReasons++;
            }
        }
    }

    synchronized long count(RecordStatus status) {
        return counts[status.ordinal()];
    }

    synchronized long rows() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The summary line: rows by status (resumed ones included), then what this run's call did. */
    synchronized String summary(InvocationSummary s, String namespace, String output, long resumedRows) {
        return String.format(Locale.ROOT, "Translated %,d records into %s: %,d OK, %,d NOT_FOUND, %,d INVALID, "
                        + "%,d FAILED%s; %,d distinct records sent in %,d invocations, %,d retries, %,d re-activations; "
                        + "%.1f s, %,.0f records/s. Results in %s.",
                rows(), namespace, count(RecordStatus.OK), count(RecordStatus.NOT_FOUND),
                count(RecordStatus.INVALID), count(RecordStatus.FAILED),
                resumedRows > 0 ? String.format(Locale.ROOT, " (%,d of them resumed from the partial output)",
                        resumedRows) : "",
                s.uniqueRecordsSent(), s.invocations(), s.retries(), s.reactivations(),
                s.elapsed().toMillis() / 1000.0, s.recordsPerSecond(), output);
    }

    /** {@code FAILED} by reason, most frequent first, such as {@code the endpoint timed out (3); ...}. */
    synchronized String failedByReason() {
        StringBuilder s = new StringBuilder();
        failedByReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> s.append(s.length() == 0 ? "" : "; ")
                        .append(String.format(Locale.ROOT, "%s (%,d)", e.getKey(), e.getValue())));
        if (failedOtherReasons > 0) {
            s.append(String.format(Locale.ROOT, "; other reasons (%,d)", failedOtherReasons));
        }
        return s.toString();
    }
}
