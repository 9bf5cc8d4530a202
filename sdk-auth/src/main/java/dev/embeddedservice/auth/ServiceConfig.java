package dev.embeddedservice.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The dynamic service configuration the activation service issues with a token (protocol §1,
 * {@code config}). Every field is optional: an empty one means "the client's default", and an
 * explicit client setting wins over it.
 *
 * <pre>{@code
 * ServiceConfig config = token.config();
 * int maxRecords = config.maxRecordsPerInvocation().orElse(1000);
 * }</pre>
 */
public final class ServiceConfig {

    private static final ServiceConfig EMPTY = builder().build();

    private final String endpointName;
    private final String region;
    private final Integer maxRecordsPerInvocation;
    private final Integer maxPayloadBytes;
    private final Integer maxConcurrency;
    private final List<String> operations;

    private ServiceConfig(Builder b) {
        this.endpointName = b.endpointName;
        this.region = b.region;
        this.maxRecordsPerInvocation = b.maxRecordsPerInvocation;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxConcurrency = b.maxConcurrency;
        this.operations = b.operations == null ? null : List.copyOf(b.operations);
    }

    /** A configuration with every field empty. */
    public static ServiceConfig empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpointName = endpointName;
        b.region = region;
        b.maxRecordsPerInvocation = maxRecordsPerInvocation;
        b.maxPayloadBytes = maxPayloadBytes;
        b.maxConcurrency = maxConcurrency;
        b.operations = operations;
        return b;
    }

    /** The SageMaker endpoint's name. */
    public Optional<String> endpointName() {
        return Optional.ofNullable(endpointName);
    }

    /** The AWS region of the SageMaker endpoint. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The most records the partner accepts (and bills) in one invocation. */
    public Optional<Integer> maxRecordsPerInvocation() {
        return Optional.ofNullable(maxRecordsPerInvocation);
    }

    /** The largest request body, in bytes, one invocation may carry. */
    public Optional<Integer> maxPayloadBytes() {
        return Optional.ofNullable(maxPayloadBytes);
    }

    /** The most invocations the partner wants in flight at once from one client. */
    public Optional<Integer> maxConcurrency() {
        return Optional.ofNullable(maxConcurrency);
    }

    /** The operations this subscription is entitled to, such as {@code translate}. */
    public Optional<List<String>> operations() {
        return Optional.ofNullable(operations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceConfig c
                && Objects.equals(endpointName, c.endpointName)
                && Objects.equals(region, c.region)
                && Objects.equals(maxRecordsPerInvocation, c.maxRecordsPerInvocation)
                && Objects.equals(maxPayloadBytes, c.maxPayloadBytes)
                && Objects.equals(maxConcurrency, c.maxConcurrency)
                && Objects.equals(operations, c.operations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpointName, region, maxRecordsPerInvocation, maxPayloadBytes, maxConcurrency, operations);
    }

    @Override
    public String toString() {
        return "ServiceConfig[endpointName=" + endpointName + ", region=" + region
                + ", maxRecordsPerInvocation=" + maxRecordsPerInvocation + ", maxPayloadBytes=" + maxPayloadBytes
                + ", maxConcurrency=" + maxConcurrency + ", operations=" + operations + "]";
    }

    /** Builder for {@link ServiceConfig}; every setting is optional. */
    public static final class Builder {
        private String endpointName;
        private String region;
        private Integer maxRecordsPerInvocation;
        private Integer maxPayloadBytes;
        private Integer maxConcurrency;
        private List<String> operations;

        private Builder() {
        }

        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder maxRecordsPerInvocation(Integer maxRecordsPerInvocation) {
            this.maxRecordsPerInvocation = maxRecordsPerInvocation;
            return this;
        }

        public Builder maxPayloadBytes(Integer maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder maxConcurrency(Integer maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder operations(List<String> operations) {
            this.operations = operations;
            return this;
        }

        public ServiceConfig build() {
            return new ServiceConfig(this);
        }
    }
}
