package dev.embeddedservice.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Learns a caller's IAM principal, with AWS's own guarantee, from an identity proof: a
 * SigV4-signed but unsent STS {@code GetCallerIdentity} request (the same proof the protocol's
 * activation takes, as HashiCorp Vault's AWS IAM auth method does), sent base64-encoded in the
 * {@value #HEADER} header. The authorizer forwards it to STS, which answers with the signer's ARN;
 * the authorizer never sees a secret key.
 *
 * <p>The proof is accepted only if it is a {@code GetCallerIdentity} for an STS host, signed less
 * than 15 minutes ago, and signs the {@value #AUDIENCE_HEADER} header with this API's id as value,
 * so a proof made for another API cannot be replayed here. Nothing is sent anywhere but STS (or the
 * configured STS endpoint): the proof's URL is never followed blindly.
 */
public final class IdentityProofVerifier {

    /** The request header carrying the proof: base64 of {@code {"method", "url", "headers", "body"}}. */
    public static final String HEADER = "X-Embedded-Service-Identity";
    /** The signed header binding a proof to its audience: here, the API's id. */
    public static final String AUDIENCE_HEADER = "X-Embedded-Service-Audience";

    static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    private static final int MAX_PROOF_CHARS = 8192;
    private static final Duration MAX_AGE = Duration.ofMinutes(15);
    private static final Pattern STS_HOST = Pattern.compile("sts(\\.[a-z0-9-]+)?\\.amazonaws\\.com(\\.cn)?");
    private static final Pattern ARN = Pattern.compile("<Arn>([^<]{1,2048})</Arn>");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([A-Za-z0-9.]{1,64})</Code>");
    private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([a-z0-9;-]+)");
    private static final Pattern PRINCIPAL = Pattern.compile(
            "arn:([a-z-]+):(iam|sts)::(\\d{12}):(assumed-role|role|user)/(.+)");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final OkHttpClient HTTP = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(3))
            .callTimeout(Duration.ofSeconds(5))
            .followRedirects(false)
            .build();

    private final URI stsEndpoint;
    private final Clock clock;

    /**
     * @param stsEndpoint where proofs are sent (an STS VPC endpoint's URL), or null to send each to
     *                    the STS host it names
     */
    public IdentityProofVerifier(URI stsEndpoint, Clock clock) {
        this.stsEndpoint = stsEndpoint;
        this.clock = clock;
    }

    /** The verified ARN of the proof's signer, or why there is none (a reason without any of the proof). */
    public record Outcome(String arn, String refusal) {
        static Outcome refused(String refusal) {
            return new Outcome(null, refusal);
        }
    }

    /** Verifies {@code encodedProof} (the header's value) for {@code audience}. */
    public Outcome verify(String encodedProof, String audience) {
        if (encodedProof == null || encodedProof.isBlank()) {
            return Outcome.refused("no identity proof");
        }
        if (encodedProof.length() > MAX_PROOF_CHARS) {
            return Outcome.refused("identity proof too large");
        }
        JsonNode proof;
        try {
            proof = JsonBodies.MAPPER.readTree(Base64.getDecoder().decode(encodedProof.trim()));
        } catch (IllegalArgumentException | IOException e) {
            return Outcome.refused("identity proof is not base64 of a JSON object");
        }
        if (proof == null || !proof.isObject() || !proof.path("headers").isObject()) {
            return Outcome.refused("identity proof is not base64 of a JSON object");
        }
        URI url;
        try {
            url = URI.create(proof.path("url").asText(""));
        } catch (IllegalArgumentException e) {
            return Outcome.refused("identity proof has no valid STS URL");
        }
        if (!"https".equals(url.getScheme()) || url.getHost() == null || !STS_HOST.matcher(url.getHost()).matches()
                || url.getPort() != -1 || !(url.getRawPath() == null || url.getRawPath().isEmpty()
                || url.getRawPath().equals("/")) || url.getRawQuery() != null) {
            return Outcome.refused("identity proof is not addressed to STS");
        }
        if (!"POST".equals(proof.path("method").asText()) || !BODY.equals(proof.path("body").asText())) {
            return Outcome.refused("identity proof is not an STS GetCallerIdentity request");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = proof.get("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (!h.getValue().isTextual() || h.getKey().equalsIgnoreCase("Host")) {
                return Outcome.refused("identity proof has a malformed header");
            }
            headers.put(h.getKey(), h.getValue().asText());
        }
        Optional<String> problem = checkSignedFor(headers, audience);
        if (problem.isPresent()) {
            return Outcome.refused(problem.get());
        }
        return send(url, headers);
    }

    private Optional<String> checkSignedFor(Map<String, String> headers, String audience) {
        String authorization = CallerCheck.header(headers, "Authorization");
        String proofAudience = CallerCheck.header(headers, AUDIENCE_HEADER);
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return Optional.of("identity proof is not SigV4-signed");
        }
        if (proofAudience == null || !proofAudience.equals(audience)) {
            return Optional.of("identity proof was made for another audience");
        }
        Matcher signed = SIGNED_HEADERS.matcher(authorization);
        if (!signed.find() || !(";" + signed.group(1) + ";").contains(";" + AUDIENCE_HEADER.toLowerCase(Locale.ROOT) + ";")) {
            return Optional.of("identity proof does not sign its audience");
        }
        String date = CallerCheck.header(headers, "X-Amz-Date");
        try {
            Instant signedAt = AMZ_DATE.parse(date == null ? "" : date, Instant::from);
            Duration age = Duration.between(signedAt, clock.instant());
            if (age.compareTo(MAX_AGE) > 0 || age.compareTo(MAX_AGE.negated()) < 0) {
                return Optional.of("identity proof is older than 15 minutes");
            }
        } catch (DateTimeParseException e) {
            return Optional.of("identity proof has no valid X-Amz-Date");
        }
        return Optional.empty();
    }

    private Outcome send(URI url, Map<String, String> headers) {
        String target = stsEndpoint != null ? stsEndpoint.toString() : url.toString();
        Request.Builder request = new Request.Builder().url(target)
                .post(RequestBody.create(BODY.getBytes(StandardCharsets.UTF_8),
                        MediaType.get("application/x-www-form-urlencoded; charset=utf-8")));
        headers.forEach(request::header);
        request.header("Host", url.getHost());      // the signed host, also when sent to a VPC endpoint
        try (Response response = HTTP.newCall(request.build()).execute()) {
            ResponseBody body = response.body();
            String xml = body == null ? "" : body.string();
            if (response.code() != 200) {
                Matcher code = ERROR_CODE.matcher(xml);
                return Outcome.refused("STS refused the identity proof (" + response.code()
                        + (code.find() ? " " + code.group(1) : "") + ")");
            }
            Matcher arn = ARN.matcher(xml);
            return arn.find() ? new Outcome(arn.group(1), null)
                    : Outcome.refused("STS answered without an ARN");
        } catch (IOException e) {
            return Outcome.refused("STS is unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The principal an ARN stands for, comparable with an allow-list entry: an assumed-role session
     * {@code arn:aws:sts::111122223333:assumed-role/Name/session} and a role
     * {@code arn:aws:iam::111122223333:role/path/Name} both become {@code arn:aws:iam::111122223333:role/Name};
     * a user loses its path likewise. Anything else is returned unchanged.
     */
    public static String principal(String arn) {
        Matcher m = PRINCIPAL.matcher(arn.trim());
        if (!m.matches()) {
            return arn.trim();
        }
        String[] parts = m.group(5).split("/");
        String name = m.group(4).equals("assumed-role") ? parts[0] : parts[parts.length - 1];
        String kind = m.group(4).equals("user") ? "user" : "role";
        return "arn:" + m.group(1) + ":iam::" + m.group(3) + ":" + kind + "/" + name;
    }
}
