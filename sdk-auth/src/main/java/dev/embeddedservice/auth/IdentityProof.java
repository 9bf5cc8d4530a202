package dev.embeddedservice.auth;

import java.util.Map;
import java.util.Objects;

/**
 * A SigV4-signed but unsent STS {@code GetCallerIdentity} request (protocol §1,
 * {@code identityProof}). The partner forwards it to STS to learn which AWS account is calling;
 * it never sees the secret key. The signature is a short-lived credential, so
 * {@link #toString()} leaves the headers out.
 *
 * @param method  the HTTP method, {@code POST}
 * @param url     the STS endpoint, such as {@code https://sts.us-east-1.amazonaws.com/}
 * @param headers the signed headers, {@code Authorization} and {@code X-Embedded-Service-Audience} among them
 * @param body    the form body, {@code Action=GetCallerIdentity&Version=2011-06-15}
 */
public record IdentityProof(String method, String url, Map<String, String> headers, String body) {

    public IdentityProof {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "IdentityProof[method=" + method + ", url=" + url + ", headers=" + headers.keySet() + "]";
    }
}
