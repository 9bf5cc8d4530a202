package dev.embeddedservice.spark;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.internal.LicenseKeySource;
import dev.embeddedservice.spark.internal.OptionsFingerprint;
import java.io.Serializable;
import java.util.Objects;

/**
 * The settings of {@link EmbeddedServiceSpark#translate}: what the executors need to build their
 * client, and how the transformation runs. Immutable and serializable: this object, never a client
 * or a token, is what Spark ships to the executors, and each executor builds one client per
 * distinct options object and shares it between its tasks.
 *
 * <p><b>The license key is never a setting.</b> The options say where each executor reads it:
 * {@linkplain Builder#licenseKeyFromSparkConf(String) a Spark configuration entry} (by default
 * {@value #DEFAULT_LICENSE_KEY_CONF}, which Spark redacts in its UI and event logs because the name
 * contains {@code secret}), {@linkplain Builder#licenseKeyFromEnvironment(String) an environment
 * variable} of the executors, or {@linkplain Builder#licenseKeyFile(String) a file} on the executors
 * (such as one shipped with {@code spark-submit --files}). Without a choice, the Spark entry is used
 * when set, else {@value ActivationConfig#ENV_LICENSE_KEY}.
 *
 * <pre>{@code
 * SparkTranslateOptions options = SparkTranslateOptions.builder()
 *         .activationUrl("https://activation.partner.example")
 *         .productCode("prod-4x2kq7")
 *         .licenseKeyFile("license.key")          // spark-submit --files /secure/license.key
 *         .targetNamespace("acme-media")
 *         .maxConcurrency(4)                        // invocations in flight per executor
 *         .build();
 * }</pre>
 *
 * <p>Settings left out fall back as for {@link EmbeddedServiceClient.Builder}: the executors'
 * environment variables, then the activation response's config, then the defaults.
 * {@link #toString()} prints no secret (the options hold none).
 */
public final class SparkTranslateOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The Spark configuration entry the license key is read from by default; Spark redacts it. */
    public static final String DEFAULT_LICENSE_KEY_CONF = "spark.embeddedservice.license.secret";
    /** The default names of the three added columns. */
    public static final String DEFAULT_STATUS_COLUMN = "status";
    public static final String DEFAULT_TRANSLATED_ID_COLUMN = "translated_id";
    public static final String DEFAULT_REASON_COLUMN = "reason";

    private final String activationUrl;
    private final String productCode;
    private final LicenseKeySource licenseKeySource;
    private final String licenseKeyLocation;
    private final String endpointName;
    private final String region;
    private final String endpointUrl;
    private final String targetNamespace;
    private final String defaultPhoneRegion;
    private final Integer maxConcurrency;
    private final Integer maxRecordsPerInvocation;
    private final Integer maxPayloadBytes;
    private final Integer translationPartitions;
    private final String statusColumn;
    private final String translatedIdColumn;
    private final String reasonColumn;
    private final Materialization materialization;
    private final boolean allowSpeculation;
    private final ExecutorClientFactory clientFactory;
    private final String fingerprint;

    private SparkTranslateOptions(Builder b) {
        this.activationUrl = b.activationUrl;
        this.productCode = b.productCode;
        this.licenseKeySource = b.licenseKeySource;
        this.licenseKeyLocation = b.licenseKeyLocation;
        this.endpointName = b.endpointName;
        this.region = b.region;
        this.endpointUrl = b.endpointUrl;
        this.targetNamespace = b.targetNamespace;
        this.defaultPhoneRegion = b.defaultPhoneRegion;
        this.maxConcurrency = b.maxConcurrency;
        this.maxRecordsPerInvocation = b.maxRecordsPerInvocation;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.translationPartitions = b.translationPartitions;
        this.statusColumn = b.statusColumn;
        this.translatedIdColumn = b.translatedIdColumn;
        this.reasonColumn = b.reasonColumn;
        this.materialization = b.materialization;
        this.allowSpeculation = b.allowSpeculation;
        this.clientFactory = b.clientFactory;
        this.fingerprint = OptionsFingerprint.of(activationUrl, productCode, licenseKeySource, licenseKeyLocation,
                endpointName, region, endpointUrl, defaultPhoneRegion, maxConcurrency, maxRecordsPerInvocation,
                maxPayloadBytes, clientFactory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The namespace identifiers are translated into. */
    public String targetNamespace() {
        return targetNamespace;
    }

    /** The region phone numbers in local format belong to, as an ISO 3166 code. */
    public String defaultPhoneRegion() {
        return defaultPhoneRegion;
    }

    /** Partitions the distinct identifiers are translated in; null: as many as the input has. */
    public Integer translationPartitions() {
        return translationPartitions;
    }

    public String statusColumn() {
        return statusColumn;
    }

    public String translatedIdColumn() {
        return translatedIdColumn;
    }

    public String reasonColumn() {
        return reasonColumn;
    }

    public Materialization materialization() {
        return materialization;
    }

    /** Whether translate runs although {@code spark.speculation} is on (speculative copies of a task bill again). */
    public boolean allowSpeculation() {
        return allowSpeculation;
    }

    /**
     * Identifies the executor client these options build: options with equal client settings share
     * one client per executor JVM. Not secret: it is a digest of settings that hold no secret.
     */
    public String clientKey() {
        return fingerprint;
    }

    /**
     * A client builder configured from these options, the license key read where the options say
     * (on the executor that calls it). Used by the executors; public for tests and custom runners.
     */
    public EmbeddedServiceClient.Builder clientBuilder() {
        ActivationConfig.Builder activation = ActivationConfig.builder()
                .activationUrl(activationUrl)
                .productCode(productCode);
        String key = licenseKeySource.read(licenseKeyLocation);
        if (key != null) {
            activation.licenseKey(key);
        }
        EmbeddedServiceClient.Builder b = EmbeddedServiceClient.builder()
                .activationConfig(activation.build())
                .targetNamespace(targetNamespace)
                .defaultPhoneRegion(defaultPhoneRegion);
        if (endpointName != null) {
            b.endpointName(endpointName);
        }
        if (region != null) {
            b.region(region);
        }
        if (endpointUrl != null) {
            b.endpointOverride(java.net.URI.create(endpointUrl));
        }
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        if (maxRecordsPerInvocation != null) {
            b.maxRecordsPerInvocation(maxRecordsPerInvocation);
        }
        if (maxPayloadBytes != null) {
            b.maxPayloadBytes(maxPayloadBytes);
        }
        return b;
    }

    /** Builds the executor's client: {@link #clientBuilder()} through the client factory. */
    public EmbeddedServiceClient buildClient() {
        return (clientFactory == null ? ExecutorClientFactory.DEFAULT : clientFactory).create(clientBuilder());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparkTranslateOptions other && fingerprint.equals(other.fingerprint)
                && Objects.equals(targetNamespace, other.targetNamespace)
                && Objects.equals(translationPartitions, other.translationPartitions)
                && statusColumn.equals(other.statusColumn) && translatedIdColumn.equals(other.translatedIdColumn)
                && reasonColumn.equals(other.reasonColumn) && materialization == other.materialization
                && allowSpeculation == other.allowSpeculation;
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "SparkTranslateOptions[activationUrl=" + activationUrl + ", productCode=" + productCode
                + ", licenseKey=" + licenseKeySource.name().toLowerCase(java.util.Locale.ROOT)
                + (licenseKeySource == LicenseKeySource.ENVIRONMENT || licenseKeySource == LicenseKeySource.SPARK_CONF
                ? " " + licenseKeyLocation : "")
                + ", endpointName=" + endpointName + ", region=" + region + ", targetNamespace=" + targetNamespace
                + ", maxConcurrency=" + maxConcurrency + ", materialization=" + materialization + "]";
    }

    /** Builder for {@link SparkTranslateOptions}. */
    public static final class Builder {
        private String activationUrl;
        private String productCode;
        private LicenseKeySource licenseKeySource = LicenseKeySource.DEFAULT;
        private String licenseKeyLocation;
        private String endpointName;
        private String region;
        private String endpointUrl;
        private String targetNamespace = EmbeddedServiceClient.DEFAULT_TARGET_NAMESPACE;
        private String defaultPhoneRegion = EmbeddedServiceClient.DEFAULT_PHONE_REGION;
        private Integer maxConcurrency;
        private Integer maxRecordsPerInvocation;
        private Integer maxPayloadBytes;
        private Integer translationPartitions;
        private String statusColumn = DEFAULT_STATUS_COLUMN;
        private String translatedIdColumn = DEFAULT_TRANSLATED_ID_COLUMN;
        private String reasonColumn = DEFAULT_REASON_COLUMN;
        private Materialization materialization = Materialization.AUTO;
        private boolean allowSpeculation;
        private ExecutorClientFactory clientFactory;

        private Builder() {
        }

        /** The activation service's base URL; the executors' {@value ActivationConfig#ENV_ACTIVATION_URL} when not set. */
        public Builder activationUrl(String activationUrl) {
            this.activationUrl = activationUrl;
            return this;
        }

        /** The AWS Marketplace product code; the executors' {@value ActivationConfig#ENV_PRODUCT_CODE} when not set. */
        public Builder productCode(String productCode) {
            this.productCode = productCode;
            return this;
        }

        /** Executors read the license key from this Spark configuration entry (name it so that Spark redacts it). */
        public Builder licenseKeyFromSparkConf(String confKey) {
            return keySource(LicenseKeySource.SPARK_CONF, confKey, "licenseKeyFromSparkConf");
        }

        /** Executors read the license key from this environment variable (such as one set by {@code spark.executorEnv.*}). */
        public Builder licenseKeyFromEnvironment(String variable) {
            return keySource(LicenseKeySource.ENVIRONMENT, variable, "licenseKeyFromEnvironment");
        }

        /**
         * Executors read the license key from this file: an absolute path present on every executor, or
         * the name of a file shipped with {@code spark-submit --files} ({@code SparkFiles.get(name)}).
         */
        public Builder licenseKeyFile(String path) {
            return keySource(LicenseKeySource.FILE, path, "licenseKeyFile");
        }

        private Builder keySource(LicenseKeySource source, String location, String setting) {
            if (location == null || location.isBlank()) {
                throw new InvalidConfigurationException(setting + " must not be blank");
            }
            this.licenseKeySource = source;
            this.licenseKeyLocation = location;
            return this;
        }

        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** SageMaker Runtime at this URL instead of the regional endpoint (a VPC endpoint, an emulator). */
        public Builder endpointUrl(String endpointUrl) {
            this.endpointUrl = endpointUrl;
            return this;
        }

        public Builder targetNamespace(String targetNamespace) {
            this.targetNamespace = Objects.requireNonNull(targetNamespace, "targetNamespace");
            return this;
        }

        public Builder defaultPhoneRegion(String defaultPhoneRegion) {
            this.defaultPhoneRegion = Objects.requireNonNull(defaultPhoneRegion, "defaultPhoneRegion");
            return this;
        }

        /** InvokeEndpoint calls in flight at once per executor, all its tasks together. */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = positive("maxConcurrency", maxConcurrency);
            return this;
        }

        public Builder maxRecordsPerInvocation(int maxRecordsPerInvocation) {
            this.maxRecordsPerInvocation = positive("maxRecordsPerInvocation", maxRecordsPerInvocation);
            return this;
        }

        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = positive("maxPayloadBytes", maxPayloadBytes);
            return this;
        }

        /** Partitions the distinct identifiers are translated in (default: as many as the input has). */
        public Builder translationPartitions(int translationPartitions) {
            this.translationPartitions = positive("translationPartitions", translationPartitions);
            return this;
        }

        /** Names of the added columns (default {@code status}, {@code translated_id}, {@code reason}). */
        public Builder columns(String status, String translatedId, String reason) {
            this.statusColumn = Objects.requireNonNull(status, "status");
            this.translatedIdColumn = Objects.requireNonNull(translatedId, "translatedId");
            this.reasonColumn = Objects.requireNonNull(reason, "reason");
            return this;
        }

        public Builder materialization(Materialization materialization) {
            this.materialization = Objects.requireNonNull(materialization, "materialization");
            return this;
        }

        /**
         * Runs even when {@code spark.speculation} is on, with a warning: a speculative copy of a
         * translating task calls the endpoint again, and its records are billed twice.
         */
        public Builder allowSpeculation(boolean allowSpeculation) {
            this.allowSpeculation = allowSpeculation;
            return this;
        }

        /** Builds each executor's client; see {@link ExecutorClientFactory}. */
        public Builder clientFactory(ExecutorClientFactory clientFactory) {
            this.clientFactory = clientFactory;
            return this;
        }

        public SparkTranslateOptions build() {
            if (statusColumn.equals(translatedIdColumn) || statusColumn.equals(reasonColumn)
                    || translatedIdColumn.equals(reasonColumn)) {
                throw new InvalidConfigurationException("the status, translated id and reason columns need three "
                        + "different names");
            }
            return new SparkTranslateOptions(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new InvalidConfigurationException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
