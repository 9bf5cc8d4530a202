/**
 * Authentication for the embedded service: activation against the partner's activation service
 * and the tokens it issues. Public API.
 *
 * <ul>
 *   <li>{@link dev.embeddedservice.auth.ActivationConfig}: where and how to activate.</li>
 *   <li>{@link dev.embeddedservice.auth.TokenProvider}: the current token, cached and refreshed;
 *       {@link dev.embeddedservice.auth.ActivationTokenProvider} is the standard one,
 *       {@link dev.embeddedservice.auth.OAuth2ClientCredentialsTokenProvider} the one for partners
 *       with an OAuth 2.0 token endpoint; {@link dev.embeddedservice.auth.TokenState} where their
 *       token stands, and {@link dev.embeddedservice.auth.TokenListener} what they tell of new tokens
 *       and state changes.</li>
 *   <li>{@link dev.embeddedservice.auth.StsIdentityProofProvider}: proves the AWS account to the
 *       partner without sharing a secret.</li>
 *   <li>{@link dev.embeddedservice.auth.TokenStore} and
 *       {@link dev.embeddedservice.auth.FileTokenStore}: tokens kept across processes.</li>
 * </ul>
 *
 * <pre>{@code
 * ActivationConfig config = ActivationConfig.builder()
 *         .activationUrl("https://activation.partner.example")
 *         .productCode("prod-4x2kq7")
 *         .licenseKey(System.getenv("PARTNER_LICENSE_KEY"))
 *         .identityProof(StsIdentityProofProvider.create())
 *         .build();
 * try (TokenProvider tokens = ActivationTokenProvider.create(config)) {
 *     String header = "token=" + tokens.token().value();
 * }
 * }</pre>
 *
 * <p>Parameters and return values are non-null unless documented otherwise; optional values are
 * returned as {@link java.util.Optional}. Secrets (license key, client secret, tokens, AWS
 * credentials) never appear in {@code toString()}, log lines or exception messages.
 * Implementation classes live in {@code dev.embeddedservice.auth.internal} and are not API.
 */
package dev.embeddedservice.auth;
