package dev.embeddedservice;

import java.util.List;
import java.util.Objects;

/**
 * The results of a generic {@link EmbeddedServiceClient#invoke(Operation, List)} call: one
 * {@link RecordResult} per input, in input order, and a summary. Immutable.
 *
 * <pre>{@code
 * BatchResult<FraudScore> result = client.invoke(FRAUD_SCORE, transactions);
 * FraudScore first = result.results().get(0).value().orElseThrow();
 * }</pre>
 *
 * @param <O> the operation's output type
 */
public final class BatchResult<O> {

    private final List<RecordResult<O>> results;
    private final InvocationSummary summary;

    public BatchResult(List<RecordResult<O>> results, InvocationSummary summary) {
        this.results = List.copyOf(results);
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** One result per input, in input order. */
    public List<RecordResult<O>> results() {
        return results;
    }

    public InvocationSummary summary() {
        return summary;
    }

    @Override
    public String toString() {
        return "BatchResult[" + results.size() + " results, " + summary + "]";
    }
}
