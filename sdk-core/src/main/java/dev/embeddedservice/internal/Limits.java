package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ServiceConfig;

/**
 * The per-invocation limits in force, resolved at each use: an explicit client setting, else the
 * current token's service config, else the protocol default; capped by any lower limit the
 * partner stated in a 413 answer while that same config was current (so a later config change,
 * up or down, is followed).
 */
final class Limits {

    private record LearnedCap(ServiceConfig config, int maxRecords) {
    }

    private final Integer explicitMaxRecords;
    private final Integer explicitMaxPayloadBytes;
    private volatile LearnedCap cap;

    public Limits(Integer explicitMaxRecords, Integer explicitMaxPayloadBytes) {
        this.explicitMaxRecords = explicitMaxRecords;
        this.explicitMaxPayloadBytes = explicitMaxPayloadBytes;
    }

    public int maxRecords(ServiceConfig config) {
        int limit = explicitMaxRecords != null ? explicitMaxRecords
                : config.maxRecordsPerInvocation().orElse(EmbeddedServiceClient.DEFAULT_MAX_RECORDS_PER_INVOCATION);
        LearnedCap c = cap;
        if (c != null && c.config.equals(config)) {
            limit = Math.min(limit, c.maxRecords);
        }
        return Math.max(1, limit);
    }

    public int maxPayloadBytes(ServiceConfig config) {
        return explicitMaxPayloadBytes != null ? explicitMaxPayloadBytes
                : config.maxPayloadBytes().orElse(EmbeddedServiceClient.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /** The partner refused a batch as too large and said it takes at most {@code maxRecords}. */
    public synchronized void lowerMaxRecords(ServiceConfig config, int maxRecords) {
        LearnedCap c = cap;
        if (c != null && c.config.equals(config) && c.maxRecords <= maxRecords) {
            return;
        }
        cap = new LearnedCap(config, Math.max(1, maxRecords));
    }
}
