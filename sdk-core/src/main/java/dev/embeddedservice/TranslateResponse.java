package dev.embeddedservice;

import java.util.List;
import java.util.Objects;

/**
 * The results of a {@link EmbeddedServiceClient#translate(TranslateRequest)} call: one
 * {@link TranslateResult} per input identifier, in input order, and a summary. Partial failure
 * does not throw: failed identifiers are {@link RecordStatus#FAILED} with a reason. Immutable.
 *
 * <pre>{@code
 * TranslateResponse response = client.translate(TranslateRequest.of(identifiers));
 * for (int i = 0; i < identifiers.size(); i++) {
 *     TranslateResult r = response.results().get(i);   // the result of identifiers.get(i)
 * }
 * System.out.println(response.summary());
 * }</pre>
 */
public final class TranslateResponse {

    private final List<TranslateResult> results;
    private final InvocationSummary summary;

    public TranslateResponse(List<TranslateResult> results, InvocationSummary summary) {
        this.results = List.copyOf(results);
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** One result per input identifier, in input order. */
    public List<TranslateResult> results() {
        return results;
    }

    public InvocationSummary summary() {
        return summary;
    }

    @Override
    public String toString() {
        return "TranslateResponse[" + results.size() + " results, " + summary + "]";
    }
}
