package dev.embeddedservice;

import dev.embeddedservice.internal.TrustedResults;
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

    static {
        // The client hands over a list it made and no one else holds: kept as it is, not copied.
        TrustedResults.registerResponse((owned, summary) -> new TranslateResponse(summary, owned));
    }

    public TranslateResponse(List<TranslateResult> results, InvocationSummary summary) {
        this(summary, List.copyOf(results));
    }

    private TranslateResponse(InvocationSummary summary, List<TranslateResult> owned) {
        this.results = owned;
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
