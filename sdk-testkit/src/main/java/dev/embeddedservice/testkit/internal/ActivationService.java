package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.ActivationRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner's activation service (protocol §1): {@code POST /v1/activate}. Checks, in this order, the license
 * key ({@code X-Api-Key}, 401 INVALID_CREDENTIALS), the body (400 INVALID_REQUEST), the product code
 * (400 INVALID_REQUEST), the identity proof (401 INVALID_CREDENTIALS), then issues a token and the service config.
 * A proof signed with a key the emulator knows is verified; one signed with another key is refused when the emulator
 * has test credentials, and accepted unverified when it has none.
 * A switched-on {@link ActivationFailure} answers before any check. Thread-safe.
 */
final class ActivationService {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationService.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();

    private final EmulatorConfig config;
    private final TokenMint mint;
    private final PartnerContainer container;
    private final DefaultEmulatorJournal journal;
    private final SigV4Verifier.KeyLookup proofKeys;
    private ActivationFailure failure;
    private int failuresLeft;

    /**
     * @param proofKeys the credentials identity proofs are verified against; a proof signed with a key it does not
     *                  know is refused, or, when it accepts unknown keys, not verified (the emulator cannot ask STS)
     */
    ActivationService(EmulatorConfig config, TokenMint mint, PartnerContainer container, DefaultEmulatorJournal journal,
                      SigV4Verifier.KeyLookup proofKeys) {
        this.config = config;
        this.mint = mint;
        this.container = container;
        this.journal = journal;
        this.proofKeys = proofKeys;
    }

    /** {@code times} &lt; 0: until cleared. */
    synchronized void failWith(ActivationFailure mode, int times) {
        this.failure = mode;
        this.failuresLeft = times;
    }

    synchronized void clearFailure() {
        this.failure = null;
        this.failuresLeft = 0;
    }

    private synchronized ActivationFailure takeFailure() {
        ActivationFailure mode = failure;
        if (mode != null && failuresLeft > 0 && --failuresLeft == 0) {
            failure = null;
        }
        return mode;
    }

    HttpAnswer activate(InboundRequest request) {
        long number = journal.nextActivationNumber();
        Instant now = config.clock().instant();
        String userAgent = request.header("User-Agent");
        ActivationFailure mode = takeFailure();
        if (mode != null) {
            return failure(mode, number, now, userAgent);
        }
        Outcome outcome = check(request, now);
        if (outcome.answer != null) {
            LOG.debug("activation #{} refused: {} {}", number, outcome.answer.status(), outcome.error);
            journal.recordActivation(new ActivationRecord(number, now, outcome.answer.status(), outcome.error, null,
                    outcome.clientId, outcome.sdkVersion, userAgent, outcome.proofPresent, false, null));
            return outcome.answer;
        }
        TokenMint.Minted minted = mint.mint(now, config.operations(), Map.of());
        LOG.debug("activation #{} issued token {}", number, minted.claims().jti());
        journal.recordActivation(new ActivationRecord(number, now, 200, null, null, outcome.clientId,
                outcome.sdkVersion, userAgent, outcome.proofPresent, outcome.proofVerified, minted.claims().jti()));
        return HttpAnswer.json(200, successBody(minted.token(), config.tokenTtl().getSeconds(), true));
    }

    /** Mints a token as an activation would, without a request. */
    String issueToken() {
        return mint.mint(config.clock().instant(), config.operations(), Map.of()).token();
    }

    private HttpAnswer failure(ActivationFailure mode, long number, Instant now, String userAgent) {
        LOG.debug("activation #{} answered with failure mode {}", number, mode);
        journal.recordActivation(new ActivationRecord(number, now, mode.httpStatus(), mode.error(), mode, null, null,
                userAgent, false, false, null));
        return switch (mode) {
            case INVALID_REQUEST -> errorAnswer(400, "INVALID_REQUEST", "the request is not valid");
            case INVALID_CREDENTIALS -> errorAnswer(401, "INVALID_CREDENTIALS", "the license key or identity proof is not valid");
            case SUBSCRIPTION_INACTIVE -> errorAnswer(403, "SUBSCRIPTION_INACTIVE",
                    "the AWS Marketplace subscription for this product is not active");
            case RATE_LIMITED -> errorAnswer(429, "RATE_LIMITED", "too many activations, retry later")
                    .withHeader("Retry-After", "1");
            case INTERNAL_ERROR -> errorAnswer(500, "INTERNAL_ERROR", "the activation service failed");
            case SERVICE_UNAVAILABLE -> errorAnswer(503, "SERVICE_UNAVAILABLE", "the activation service is unavailable");
            case MALFORMED_BODY -> new HttpAnswer(200, Map.of("Content-Type", "application/json"),
                    "<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.US_ASCII), false, 0);
            case MISSING_TOKEN -> HttpAnswer.json(200, successBody(null, config.tokenTtl().getSeconds(), true));
            case MISSING_EXPIRES_IN -> HttpAnswer.json(200, successBody(issueToken(), 0, false));
            case NON_POSITIVE_EXPIRES_IN -> HttpAnswer.json(200, successBody(issueToken(), 0, true));
            case OVERSIZED_TOKEN -> {
                String token = mint.mint(now, config.operations(), Map.of("pad", "x".repeat(1100))).token();
                yield HttpAnswer.json(200, successBody(token, config.tokenTtl().getSeconds(), true));
            }
            case OUTAGE -> HttpAnswer.connectionReset();
        };
    }

    private static final class Outcome {
        HttpAnswer answer;
        String error;
        String clientId;
        String sdkVersion;
        boolean proofPresent;
        boolean proofVerified;
    }

    private Outcome check(InboundRequest request, Instant now) {
        Outcome o = new Outcome();
        if (config.licenseKey() != null) {
            String key = request.header("X-Api-Key");
            if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                    config.licenseKey().getBytes(StandardCharsets.UTF_8))) {
                return refuse(o, 401, "INVALID_CREDENTIALS",
                        key == null ? "the X-Api-Key header (license key) is missing" : "the license key is not valid");
            }
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (IOException e) {
            return refuse(o, 400, "INVALID_REQUEST", "the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return refuse(o, 400, "INVALID_REQUEST", "the body must be a JSON object");
        }
        o.clientId = textOrNull(body.get("clientId"));
        o.sdkVersion = textOrNull(body.get("sdkVersion"));
        JsonNode productCode = body.get("productCode");
        if (productCode == null || !productCode.isTextual() || productCode.asText().isEmpty()) {
            return refuse(o, 400, "INVALID_REQUEST", "productCode is required");
        }
        if (!config.productCode().equals(productCode.asText())) {
            return refuse(o, 400, "INVALID_REQUEST", "unknown productCode");
        }
        JsonNode proof = body.get("identityProof");
        o.proofPresent = proof != null && !proof.isNull();
        if (!o.proofPresent) {
            if (config.requireIdentityProof()) {
                return refuse(o, 401, "INVALID_CREDENTIALS", "an identityProof is required");
            }
            return o;
        }
        ProofRequest parsed = ProofRequest.parse(proof);
        if (parsed == null) {
            return refuse(o, 400, "INVALID_REQUEST",
                    "identityProof must have string method, url and body and an object of string headers");
        }
        if (proofKeys.acceptsUnknownKeys()
                && proofKeys.find(SigV4Verifier.accessKeyIdOf(parsed.headers().get("Authorization"))) == null) {
            return o;
        }
        String problem = verifyProof(parsed, now);
        if (problem != null) {
            return refuse(o, 401, "INVALID_CREDENTIALS", "identity proof rejected: " + problem);
        }
        o.proofVerified = true;
        return o;
    }

    /** Why the proof is not a valid, fresh, audience-bound STS GetCallerIdentity request by our credentials; or null. */
    private String verifyProof(ProofRequest proof, Instant now) {
        if (!"POST".equals(proof.method)) {
            return "method must be POST";
        }
        URI uri;
        try {
            uri = new URI(proof.url);
        } catch (URISyntaxException e) {
            return "url is not a URL";
        }
        String host = uri.getHost();
        if (!"https".equals(uri.getScheme()) || host == null) {
            return "url must be an https STS endpoint";
        }
        String stsRegion;
        if ("sts.amazonaws.com".equals(host)) {
            stsRegion = "us-east-1";
        } else if (host.startsWith("sts.") && host.endsWith(".amazonaws.com")) {
            stsRegion = host.substring("sts.".length(), host.length() - ".amazonaws.com".length());
        } else {
            return "url is not an STS endpoint";
        }
        if (!proof.body.contains("Action=GetCallerIdentity")) {
            return "body is not a GetCallerIdentity request";
        }
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        proof.headers.forEach((k, v) -> headers.put(k, List.of(v)));
        headers.putIfAbsent("host", List.of(uri.getPort() < 0 ? host : host + ":" + uri.getPort()));
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        SigV4Verifier.Result result = SigV4Verifier.verify(
                new SigV4Verifier.SignedRequest("POST", rawPath, uri.getRawQuery(), headers,
                        proof.body.getBytes(StandardCharsets.UTF_8)),
                "sts", stsRegion, proofKeys, now);
        if (!result.ok()) {
            return result.message();
        }
        List<String> signed = List.of(result.signedHeaders().split(";"));
        if (!signed.contains("x-embedded-service-audience")) {
            return "X-Embedded-Service-Audience is not a signed header";
        }
        List<String> audience = headers.get("x-embedded-service-audience");
        if (audience == null || !config.productCode().equals(audience.get(0))) {
            return "X-Embedded-Service-Audience is not this product code";
        }
        return null;
    }

    private record ProofRequest(String method, String url, Map<String, String> headers, String body) {
        static ProofRequest parse(JsonNode proof) {
            if (!proof.isObject()) {
                return null;
            }
            JsonNode method = proof.get("method");
            JsonNode url = proof.get("url");
            JsonNode headers = proof.get("headers");
            JsonNode body = proof.get("body");
            if (method == null || !method.isTextual() || url == null || !url.isTextual() || body == null
                    || !body.isTextual() || headers == null || !headers.isObject()) {
                return null;
            }
            Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isTextual()) {
                    return null;
                }
                map.put(field.getKey(), field.getValue().asText());
            }
            return new ProofRequest(method.asText(), url.asText(), map, body.asText());
        }
    }

    private static Outcome refuse(Outcome o, int status, String error, String message) {
        o.answer = errorAnswer(status, error, message);
        o.error = error;
        return o;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    static HttpAnswer errorAnswer(int status, String error, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpAnswer.json(status, out.toByteArray());
    }

    private byte[] successBody(String token, long expiresIn, boolean withExpiresIn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (token != null) {
                g.writeStringField("token", token);
            }
            if (withExpiresIn) {
                g.writeNumberField("expiresIn", expiresIn);
            }
            g.writeObjectFieldStart("config");
            g.writeStringField("endpointName", config.endpointName());
            g.writeStringField("region", config.region());
            g.writeNumberField("maxRecordsPerInvocation", container.maxRecords());
            g.writeNumberField("maxPayloadBytes", config.maxPayloadBytes());
            g.writeNumberField("maxConcurrency", config.maxConcurrency());
            g.writeArrayFieldStart("operations");
            for (String op : new ArrayList<>(config.operations())) {
                g.writeString(op);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
