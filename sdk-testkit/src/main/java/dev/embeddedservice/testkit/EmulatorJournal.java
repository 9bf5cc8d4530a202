package dev.embeddedservice.testkit;

import java.util.List;
import java.util.Map;

/**
 * Introspection of what an {@link EmbeddedServiceEmulator} received and answered, since it started or was last
 * {@linkplain EmbeddedServiceEmulator#reset() reset}. Thread-safe; every method returns a snapshot.
 *
 * <p>Memory is bounded: counters and totals are exact, while the lists keep the most recent entries only
 * (per-invocation summaries up to the builder's {@code journalCapacity}, default 100,000; the last 32 requests'
 * headers). No body is kept.
 *
 * <pre>{@code
 * EmulatorJournal journal = emulator.journal();
 * assertThat(journal.billedUnits()).isEqualTo(uniqueValidRecords);
 * assertThat(journal.largestInvocationRecords()).isLessThanOrEqualTo(1000);
 * assertThat(journal.faultsInjected()).containsEntry(Fault.THROTTLING, 1L);
 * }</pre>
 */
public interface EmulatorJournal {

    /** Activation requests received ({@code POST /v1/activate}), whatever their outcome. */
    long activationCount();

    /**
     * Tokens issued, by every issuer: successful activations, the OAuth 2.0 token endpoint and
     * {@link EmbeddedServiceEmulator#issueToken()}.
     */
    long tokensIssued();

    /** The most recent activation requests, oldest first. */
    List<ActivationRecord> activations();

    /** InvokeEndpoint calls received, whatever their outcome. */
    long invocationCount();

    /** The most recent InvokeEndpoint calls, in invocation-number order. */
    List<InvocationRecord> invocations();

    /** Requests received by the OAuth 2.0 token endpoint ({@code POST /oauth2/token}), whatever their outcome. */
    long oauthRequestCount();

    /** Tokens the OAuth 2.0 token endpoint issued (also counted in {@link #tokensIssued()}). */
    long oauthTokensIssued();

    /** The most recent OAuth 2.0 token requests, oldest first. */
    List<OAuthTokenRecord> oauthRequests();

    /** STS requests received ({@code POST /}: AssumeRole, GetCallerIdentity, ...), whatever their outcome. */
    long stsRequestCount();

    /** Temporary credentials the emulator's STS issued ({@code AssumeRole} answered 200). */
    long temporaryCredentialsIssued();

    /** The most recent STS requests, oldest first. */
    List<StsRecord> stsRequests();

    /** The most records any single InvokeEndpoint call carried (exact, over every call; 0 when none). */
    int largestInvocationRecords();

    /** The largest request body, in bytes, of any single InvokeEndpoint call (exact, over every call; 0 when none). */
    int largestInvocationBytes();

    /** Records received over every InvokeEndpoint call whose body was a parsable batch. */
    long recordsReceived();

    /** Sum of the metering units of every 2xx container answer: what the partner bills. */
    long billedUnits();

    /** The most recent billing ledger lines, one per 2xx container answer, in the order they were recorded. */
    List<BillingEntry> billingLedger();

    /** Headers of the last request received on any route (empty map when none), names case-insensitive. */
    Map<String, List<String>> lastRequestHeaders();

    /** Headers of the last activation request (empty map when none). */
    Map<String, List<String>> lastActivationHeaders();

    /** Headers of the last InvokeEndpoint call (empty map when none). */
    Map<String, List<String>> lastInvocationHeaders();

    /** The last 32 requests received on any route, most recent first. */
    List<RecordedRequest> recentRequests();

    /** How many times each fault applied (only faults with a non-zero count are present). */
    Map<Fault, Long> faultsInjected();
}
