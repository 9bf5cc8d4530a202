package dev.embeddedservice.auth;

/**
 * Builds an {@link IdentityProof} bound to one audience (the product code), each time an
 * activation is made. The standard implementation is {@link StsIdentityProofProvider}.
 *
 * <pre>{@code
 * IdentityProofProvider proof = StsIdentityProofProvider.builder()
 *         .credentialsProvider(DefaultCredentialsProvider.builder().build())
 *         .region(Region.US_EAST_1)
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface IdentityProofProvider {

    /**
     * A freshly signed proof whose signed headers include
     * {@code X-Embedded-Service-Audience: audience}.
     */
    IdentityProof identityProof(String audience);
}
