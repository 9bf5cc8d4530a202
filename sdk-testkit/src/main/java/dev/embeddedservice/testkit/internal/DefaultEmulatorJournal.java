package dev.embeddedservice.testkit.internal;

import dev.embeddedservice.testkit.ActivationRecord;
import dev.embeddedservice.testkit.BillingEntry;
import dev.embeddedservice.testkit.EmulatorJournal;
import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.InvocationRecord;
import dev.embeddedservice.testkit.OAuthTokenRecord;
import dev.embeddedservice.testkit.RecordedRequest;
import dev.embeddedservice.testkit.StsRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The emulator's own bounded journal (WireMock's request journal is disabled): exact counters and totals, plus
 * the most recent summaries. Never holds a request or response body. Thread-safe.
 */
final class DefaultEmulatorJournal implements EmulatorJournal {

    private static final int RECENT_REQUESTS = 32;

    private final AtomicLong activationCount = new AtomicLong();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong invocationCount = new AtomicLong();
    private final AtomicLong oauthCount = new AtomicLong();
    private final AtomicLong oauthTokensIssued = new AtomicLong();
    private final AtomicLong stsCount = new AtomicLong();
    private final AtomicLong temporaryCredentialsIssued = new AtomicLong();
    private final AtomicLong recordsReceived = new AtomicLong();
    private final AtomicLong billedUnits = new AtomicLong();
    private final AtomicInteger largestRecords = new AtomicInteger();
    private final AtomicInteger largestBytes = new AtomicInteger();
    private final AtomicLongArray faults = new AtomicLongArray(Fault.values().length);
    private final BoundedLog<ActivationRecord> activations;
    private final BoundedLog<InvocationRecord> invocations;
    private final BoundedLog<BillingEntry> ledger;
    private final BoundedLog<OAuthTokenRecord> oauthRequests;
    private final BoundedLog<StsRecord> stsRequests;
    private final BoundedLog<RecordedRequest> recent = new BoundedLog<>(RECENT_REQUESTS);
    private volatile RecordedRequest lastActivation;
    private volatile RecordedRequest lastInvocation;

    DefaultEmulatorJournal(int capacity) {
        this.activations = new BoundedLog<>(capacity);
        this.invocations = new BoundedLog<>(capacity);
        this.ledger = new BoundedLog<>(capacity);
        this.oauthRequests = new BoundedLog<>(capacity);
        this.stsRequests = new BoundedLog<>(capacity);
    }

    long nextActivationNumber() {
        return activationCount.incrementAndGet();
    }

    long nextInvocationNumber() {
        return invocationCount.incrementAndGet();
    }

    long nextOAuthNumber() {
        return oauthCount.incrementAndGet();
    }

    long nextStsNumber() {
        return stsCount.incrementAndGet();
    }

    void tokenIssued() {
        tokensIssued.incrementAndGet();
    }

    void oauthTokenIssued() {
        oauthTokensIssued.incrementAndGet();
    }

    void credentialsIssued() {
        temporaryCredentialsIssued.incrementAndGet();
    }

    void recordOAuth(OAuthTokenRecord record) {
        oauthRequests.add(record);
    }

    void recordSts(StsRecord record) {
        stsRequests.add(record);
    }

    void activationRequest(RecordedRequest request) {
        lastActivation = request;
        recent.add(request);
    }

    void invocationRequest(RecordedRequest request) {
        lastInvocation = request;
        recent.add(request);
    }

    void otherRequest(RecordedRequest request) {
        recent.add(request);
    }

    void recordActivation(ActivationRecord record) {
        activations.add(record);
    }

    /** Records a received batch's size, before any outcome is known. */
    void batchReceived(int records, int bodyBytes) {
        if (records > 0) {
            recordsReceived.addAndGet(records);
            largestRecords.accumulateAndGet(records, Math::max);
        }
        largestBytes.accumulateAndGet(bodyBytes, Math::max);
    }

    void recordInvocation(InvocationRecord record) {
        if (record.fault() != null) {
            faults.incrementAndGet(record.fault().ordinal());
        }
        invocations.add(record);
    }

    /** A revocation sweep of {@code revocationSweeps} happened (counted as {@link Fault#ALL_TOKENS_REVOKED}). */
    void sweepApplied() {
        faults.incrementAndGet(Fault.ALL_TOKENS_REVOKED.ordinal());
    }

    void recordBilling(BillingEntry entry) {
        billedUnits.addAndGet(entry.consumedUnits());
        ledger.add(entry);
    }

    void reset() {
        activationCount.set(0);
        tokensIssued.set(0);
        invocationCount.set(0);
        oauthCount.set(0);
        oauthTokensIssued.set(0);
        stsCount.set(0);
        temporaryCredentialsIssued.set(0);
        recordsReceived.set(0);
        billedUnits.set(0);
        largestRecords.set(0);
        largestBytes.set(0);
        for (int i = 0; i < faults.length(); i++) {
            faults.set(i, 0);
        }
        activations.clear();
        invocations.clear();
        ledger.clear();
        oauthRequests.clear();
        stsRequests.clear();
        recent.clear();
        lastActivation = null;
        lastInvocation = null;
    }

    @Override
    public long activationCount() {
        return activationCount.get();
    }

    @Override
    public long tokensIssued() {
        return tokensIssued.get();
    }

    @Override
    public List<ActivationRecord> activations() {
        List<ActivationRecord> list = new ArrayList<>(activations.snapshot());
        list.sort(Comparator.comparingLong(ActivationRecord::number));
        return Collections.unmodifiableList(list);
    }

    @Override
    public long invocationCount() {
        return invocationCount.get();
    }

    @Override
    public List<InvocationRecord> invocations() {
        List<InvocationRecord> list = new ArrayList<>(invocations.snapshot());
        list.sort(Comparator.comparingLong(InvocationRecord::number));
        return Collections.unmodifiableList(list);
    }

    @Override
    public long oauthRequestCount() {
        return oauthCount.get();
    }

    @Override
    public long oauthTokensIssued() {
        return oauthTokensIssued.get();
    }

    @Override
    public List<OAuthTokenRecord> oauthRequests() {
        List<OAuthTokenRecord> list = new ArrayList<>(oauthRequests.snapshot());
        list.sort(Comparator.comparingLong(OAuthTokenRecord::number));
        return Collections.unmodifiableList(list);
    }

    @Override
    public long stsRequestCount() {
        return stsCount.get();
    }

    @Override
    public long temporaryCredentialsIssued() {
        return temporaryCredentialsIssued.get();
    }

    @Override
    public List<StsRecord> stsRequests() {
        List<StsRecord> list = new ArrayList<>(stsRequests.snapshot());
        list.sort(Comparator.comparingLong(StsRecord::number));
        return Collections.unmodifiableList(list);
    }

    @Override
    public int largestInvocationRecords() {
        return largestRecords.get();
    }

    @Override
    public int largestInvocationBytes() {
        return largestBytes.get();
    }

    @Override
    public long recordsReceived() {
        return recordsReceived.get();
    }

    @Override
    public long billedUnits() {
        return billedUnits.get();
    }

    @Override
    public List<BillingEntry> billingLedger() {
        return ledger.snapshot();
    }

    @Override
    public Map<String, List<String>> lastRequestHeaders() {
        return headersOf(recent.last());
    }

    @Override
    public Map<String, List<String>> lastActivationHeaders() {
        return headersOf(lastActivation);
    }

    @Override
    public Map<String, List<String>> lastInvocationHeaders() {
        return headersOf(lastInvocation);
    }

    @Override
    public List<RecordedRequest> recentRequests() {
        List<RecordedRequest> list = new ArrayList<>(recent.snapshot());
        Collections.reverse(list);
        return Collections.unmodifiableList(list);
    }

    @Override
    public Map<Fault, Long> faultsInjected() {
        Map<Fault, Long> counts = new EnumMap<>(Fault.class);
        for (Fault fault : Fault.values()) {
            long count = faults.get(fault.ordinal());
            if (count > 0) {
                counts.put(fault, count);
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    private static Map<String, List<String>> headersOf(RecordedRequest request) {
        return request == null ? Map.of() : request.headers();
    }

    @Override
    public String toString() {
        return "EmulatorJournal[activations=" + activationCount() + ", tokensIssued=" + tokensIssued()
                + ", oauthTokensIssued=" + oauthTokensIssued() + ", temporaryCredentialsIssued="
                + temporaryCredentialsIssued() + ", invocations=" + invocationCount() + ", recordsReceived=" + recordsReceived()
                + ", billedUnits=" + billedUnits() + ", faultsInjected=" + faultsInjected() + "]";
    }
}
