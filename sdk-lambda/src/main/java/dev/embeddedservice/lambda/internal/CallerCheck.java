package dev.embeddedservice.lambda.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call: the VPC endpoint a request came through (the {@code x-amzn-vpce-id} header API
 * Gateway sets on a private API's requests) and the caller's IAM principal (from a verified identity
 * proof). Each allow-list that is set must be passed; with neither set, nobody passes (fail closed).
 */
public final class CallerCheck {

    /** The header API Gateway sets on requests to a private API: the interface VPC endpoint's id. */
    public static final String VPCE_HEADER = "x-amzn-vpce-id";

    private final Set<String> allowedVpceIds;
    private final Set<String> allowedPrincipals;
    private final IdentityProofVerifier proofs;

    public CallerCheck(Set<String> allowedVpceIds, Set<String> allowedPrincipalArns, IdentityProofVerifier proofs) {
        this.allowedVpceIds = Set.copyOf(allowedVpceIds);
        this.allowedPrincipals = allowedPrincipalArns.stream().map(IdentityProofVerifier::principal)
                .collect(Collectors.toUnmodifiableSet());
        this.proofs = proofs;
    }

    /** What was found out about a caller: allowed or not, why not, and the ids that are not secret. */
    public record Caller(boolean allowed, String refusal, String vpceId, String principalArn) {
    }

    /** Whether the caller of {@code event} may call; the audience of its identity proof is the API's id. */
    public Caller check(APIGatewayCustomAuthorizerEvent event) {
        String vpceId = header(event.getHeaders(), VPCE_HEADER);
        if (allowedVpceIds.isEmpty() && allowedPrincipals.isEmpty()) {
            return new Caller(false, "no allow-list is configured", vpceId, null);
        }
        if (!allowedVpceIds.isEmpty() && (vpceId == null || !allowedVpceIds.contains(vpceId))) {
            return new Caller(false, "the request did not come through an allowed VPC endpoint", vpceId, null);
        }
        if (allowedPrincipals.isEmpty()) {
            return new Caller(true, null, vpceId, null);
        }
        String audience = event.getRequestContext() == null ? null : event.getRequestContext().getApiId();
        IdentityProofVerifier.Outcome proof = proofs.verify(header(event.getHeaders(), IdentityProofVerifier.HEADER),
                audience);
        if (proof.arn() == null) {
            return new Caller(false, proof.refusal(), vpceId, null);
        }
        if (!allowedPrincipals.contains(IdentityProofVerifier.principal(proof.arn()))) {
            return new Caller(false, "the caller's IAM principal is not allowed", vpceId, proof.arn());
        }
        return new Caller(true, null, vpceId, proof.arn());
    }

    /** A header's value, its name in any case (API Gateway keeps the case the client sent). */
    static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
