package dev.embeddedservice.auth;

import dev.embeddedservice.auth.internal.EndpointUrl;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where and how to activate the subscription: the activation service's URL, the product code,
 * the license key and, optionally, an AWS identity proof. Immutable and validated when built.
 *
 * <p>Settings not given explicitly are read from the environment:
 * {@value #ENV_ACTIVATION_URL}, {@value #ENV_PRODUCT_CODE}, {@value #ENV_LICENSE_KEY}. The URL
 * must be {@code https}, except for loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code ::1}), which may use plain {@code http} for local emulators.
 *
 * <pre>{@code
 * ActivationConfig config = ActivationConfig.builder()
 *         .activationUrl("https://activation.partner.example")
 *         .productCode("prod-4x2kq7")
 *         .licenseKey(System.getenv("PARTNER_LICENSE_KEY"))
 *         .identityProof(StsIdentityProofProvider.create())
 *         .build();
 * }</pre>
 *
 * <p>{@link #toString()} never prints the license key.
 */
public final class ActivationConfig {

    public static final String ENV_ACTIVATION_URL = "EMBEDDED_SERVICE_ACTIVATION_URL";
    public static final String ENV_PRODUCT_CODE = "EMBEDDED_SERVICE_PRODUCT_CODE";
    public static final String ENV_LICENSE_KEY = "EMBEDDED_SERVICE_LICENSE_KEY";

    /** Default TCP connect timeout for the activation service. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default timeout for one whole activation request, connect to last byte. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
    /** Default time budget for one activation, retries included. */
    public static final Duration DEFAULT_ACTIVATION_DEADLINE = Duration.ofSeconds(60);

    private final URI activationUrl;
    private final String productCode;
    private final String licenseKey;
    private final String clientId;
    private final IdentityProofProvider identityProofProvider;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Duration activationDeadline;

    private ActivationConfig(Builder b, URI url, String productCode, String licenseKey) {
        this.activationUrl = url;
        this.productCode = productCode;
        this.licenseKey = licenseKey;
        this.clientId = b.clientId;
        this.identityProofProvider = b.identityProofProvider;
        this.connectTimeout = b.connectTimeout;
        this.callTimeout = b.callTimeout;
        this.activationDeadline = b.activationDeadline;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.activationUrl = activationUrl.toString();
        b.productCode = productCode;
        b.licenseKey = licenseKey;
        b.clientId = clientId;
        b.identityProofProvider = identityProofProvider;
        b.connectTimeout = connectTimeout;
        b.callTimeout = callTimeout;
        b.activationDeadline = activationDeadline;
        return b;
    }

    /** The activation service's base URL; requests go to {@code {activationUrl}/v1/activate}. */
    public URI activationUrl() {
        return activationUrl;
    }

    /** The AWS Marketplace product code; also the audience of the identity proof. */
    public String productCode() {
        return productCode;
    }

    /** The license key sent as {@code X-Api-Key}. Secret: never log it. */
    public Optional<String> licenseKey() {
        return Optional.ofNullable(licenseKey);
    }

    /** A stable id of this client process, sent to the activation service. */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** Builds the AWS identity proof sent with each activation, when one is configured. */
    public Optional<IdentityProofProvider> identityProofProvider() {
        return Optional.ofNullable(identityProofProvider);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    /** The time budget of one activation, retries and backoff included. */
    public Duration activationDeadline() {
        return activationDeadline;
    }

    @Override
    public String toString() {
        return "ActivationConfig[activationUrl=" + activationUrl + ", productCode=" + productCode
                + ", licenseKey=" + (licenseKey == null ? "none" : "<redacted>")
                + ", clientId=" + clientId + ", identityProof=" + (identityProofProvider != null)
                + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
                + ", activationDeadline=" + activationDeadline + "]";
    }

    /** Builder for {@link ActivationConfig}. */
    public static final class Builder {
        private String activationUrl;
        private String productCode;
        private String licenseKey;
        private String clientId;
        private IdentityProofProvider identityProofProvider;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration activationDeadline = DEFAULT_ACTIVATION_DEADLINE;
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        /** The activation service's base URL ({@code https}, or {@code http} on loopback only). */
        public Builder activationUrl(String activationUrl) {
            this.activationUrl = activationUrl;
            return this;
        }

        public Builder activationUrl(URI activationUrl) {
            this.activationUrl = activationUrl == null ? null : activationUrl.toString();
            return this;
        }

        public Builder productCode(String productCode) {
            this.productCode = productCode;
            return this;
        }

        public Builder licenseKey(String licenseKey) {
            this.licenseKey = licenseKey;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Sends an AWS identity proof with each activation; none by default. */
        public Builder identityProof(IdentityProofProvider identityProofProvider) {
            this.identityProofProvider = identityProofProvider;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        public Builder activationDeadline(Duration activationDeadline) {
            this.activationDeadline = activationDeadline;
            return this;
        }

        /**
         * Where settings not given explicitly are looked up; {@link System#getenv(String)} by
         * default. Tests and containers with their own settings source may replace it.
         */
        public Builder environment(UnaryOperator<String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @throws InvalidConfigurationException naming the setting that is missing or invalid
         */
        public ActivationConfig build() {
            String url = firstNonBlank(activationUrl, environment.apply(ENV_ACTIVATION_URL));
            String code = firstNonBlank(productCode, environment.apply(ENV_PRODUCT_CODE));
            String key = firstNonBlank(licenseKey, environment.apply(ENV_LICENSE_KEY));
            if (url == null) {
                throw new InvalidConfigurationException("activationUrl is required (or set " + ENV_ACTIVATION_URL + ")");
            }
            if (code == null) {
                throw new InvalidConfigurationException("productCode is required (or set " + ENV_PRODUCT_CODE + ")");
            }
            if (key != null && !isHeaderSafe(key)) {
                throw new InvalidConfigurationException(
                        "licenseKey must be visible US-ASCII without spaces, as it is sent in the X-Api-Key header");
            }
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("callTimeout", callTimeout);
            requirePositive("activationDeadline", activationDeadline);
            return new ActivationConfig(this, parseUrl(url), code, key);
        }

        private static URI parseUrl(String url) {
            return EndpointUrl.parse("activationUrl", url);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidConfigurationException(name + " must be a positive duration, was " + d);
            }
        }

        private static String firstNonBlank(String explicit, String fromEnvironment) {
            if (explicit != null && !explicit.isBlank()) {
                return explicit;
            }
            return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
        }

        private static boolean isHeaderSafe(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    return false;
                }
            }
            return true;
        }
    }
}
