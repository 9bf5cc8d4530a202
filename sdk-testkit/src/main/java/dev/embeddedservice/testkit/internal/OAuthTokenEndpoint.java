package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.embeddedservice.testkit.OAuthTokenRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OAuth 2.0 token endpoint for the client-credentials grant (RFC 6749 §4.4) at {@code POST /oauth2/token}, as
 * Amazon Cognito offers one: form parameters {@code grant_type=client_credentials} and an optional {@code scope},
 * client authentication {@code client_secret_basic} (§2.3.1). It issues the same Ed25519 JWS the container
 * verifies.
 *
 * <p>Checks, in this order: the body is a form with no repeated parameter (400 {@code invalid_request}); the
 * client authenticates (401 {@code invalid_client} with {@code WWW-Authenticate: Basic}); {@code grant_type} is
 * present (400 {@code invalid_request}) and {@code client_credentials} (400 {@code unsupported_grant_type});
 * every scope token is known (400 {@code invalid_scope}). Scope tokens are {@code embedded-service/{operation}}
 * for each configured operation; the token entitles ({@code ops}) to the operations of the scope requested, or to
 * every configured operation when none is requested. Answers carry {@code Cache-Control: no-store} (§5.1).
 * Thread-safe.
 */
final class OAuthTokenEndpoint {

    static final String PATH = "/oauth2/token";
    /** Scope tokens are this prefix followed by an operation name. */
    static final String SCOPE_PREFIX = "embedded-service/";

    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenEndpoint.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final EmulatorConfig config;
    private final TokenMint mint;
    private final DefaultEmulatorJournal journal;
    private final byte[] clientId;
    private final byte[] clientSecret;

    OAuthTokenEndpoint(EmulatorConfig config, TokenMint mint, DefaultEmulatorJournal journal) {
        this.config = config;
        this.mint = mint;
        this.journal = journal;
        this.clientId = config.oauthClientId().getBytes(StandardCharsets.UTF_8);
        this.clientSecret = config.oauthClientSecret().getBytes(StandardCharsets.UTF_8);
    }

    static boolean handles(InboundRequest request) {
        return "POST".equals(request.method()) && PATH.equals(request.rawPath());
    }

    HttpAnswer token(InboundRequest request) {
        long number = journal.nextOAuthNumber();
        Instant now = config.clock().instant();
        if (!FormUrlEncoded.isFormContentType(request.header("Content-Type"))) {
            return refuse(number, now, 400, "invalid_request",
                    "the request body must be application/x-www-form-urlencoded", null, null);
        }
        Map<String, List<String>> form;
        try {
            form = FormUrlEncoded.parse(new String(request.body(), StandardCharsets.UTF_8));
        } catch (FormUrlEncoded.MalformedException e) {
            return refuse(number, now, 400, "invalid_request", e.getMessage(), null, null);
        }
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1) {
                return refuse(number, now, 400, "invalid_request",
                        "parameter " + parameter.getKey() + " is repeated", null, null);
            }
        }
        String requestedScope = first(form, "scope");
        String problem = authenticate(request.header("Authorization"));
        if (problem != null) {
            return refuse(number, now, 401, "invalid_client", problem, null, requestedScope)
                    .withHeader("WWW-Authenticate", "Basic realm=\"embedded-service-emulator\"");
        }
        String grantType = first(form, "grant_type");
        if (grantType == null) {
            return refuse(number, now, 400, "invalid_request", "grant_type is required", config.oauthClientId(),
                    requestedScope);
        }
        if (!"client_credentials".equals(grantType)) {
            return refuse(number, now, 400, "unsupported_grant_type",
                    "only the client_credentials grant is supported", config.oauthClientId(), requestedScope);
        }
        List<String> ops;
        if (requestedScope == null) {
            ops = config.operations();
        } else {
            Set<String> granted = new LinkedHashSet<>();
            for (String token : requestedScope.split(" ", -1)) {
                String op = token.startsWith(SCOPE_PREFIX) ? token.substring(SCOPE_PREFIX.length()) : null;
                if (op == null || !config.operations().contains(op)) {
                    return refuse(number, now, 400, "invalid_scope", "the scope is not known to this client",
                            config.oauthClientId(), requestedScope);
                }
                granted.add(op);
            }
            ops = List.copyOf(granted);
        }
        String scope = scopeOf(ops);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("client_id", config.oauthClientId());
        extra.put("scope", scope);
        TokenMint.Minted minted = mint.mint(now, ops, extra);
        journal.oauthTokenIssued();
        journal.recordOAuth(new OAuthTokenRecord(number, now, 200, null, config.oauthClientId(), scope,
                minted.claims().jti()));
        LOG.debug("OAuth 2.0 token request #{} issued token {}", number, minted.claims().jti());
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("access_token", minted.token());
            g.writeStringField("token_type", "Bearer");
            g.writeNumberField("expires_in", config.tokenTtl().getSeconds());
            g.writeStringField("scope", scope);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer(200, out.toByteArray());
    }

    /** The scope that grants {@code operations}: their scope tokens, space-separated. */
    static String scopeOf(List<String> operations) {
        List<String> tokens = new ArrayList<>(operations.size());
        operations.forEach(op -> tokens.add(SCOPE_PREFIX + op));
        return String.join(" ", tokens);
    }

    /** Why {@code authorization} does not authenticate the configured client, or null when it does. */
    private String authenticate(String authorization) {
        if (authorization == null) {
            return "client authentication is required (HTTP Basic, client_secret_basic)";
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "only client_secret_basic (HTTP Basic) client authentication is supported";
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "the Basic credentials are not Base64";
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return "the Basic credentials have no client secret";
        }
        String id;
        String secret;
        try {
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "the Basic credentials are not form-urlencoded as RFC 6749 §2.3.1 requires";
        }
        boolean idMatches = MessageDigest.isEqual(id.getBytes(StandardCharsets.UTF_8), clientId);
        boolean secretMatches = MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), clientSecret);
        return idMatches && secretMatches ? null : "the client id or secret is not valid";
    }

    private HttpAnswer refuse(long number, Instant now, int status, String error, String description, String client,
                              String scope) {
        journal.recordOAuth(new OAuthTokenRecord(number, now, status, error, client, scope, null));
        LOG.debug("OAuth 2.0 token request #{} refused: {} {}", number, status, error);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("error_description", description);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer(status, out.toByteArray());
    }

    private static HttpAnswer answer(int status, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        return new HttpAnswer(status, headers, body, false, 0);
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
