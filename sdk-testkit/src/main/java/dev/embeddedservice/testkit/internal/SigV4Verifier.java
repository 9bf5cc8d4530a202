package dev.embeddedservice.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256} in the {@code Authorization} header) the way AWS
 * does: it parses the header, checks the credential scope and that {@code X-Amz-Date} is within 15 minutes of the
 * emulator's clock, and, for a key it knows the secret of, recomputes the signature from the canonical request.
 * A key it does not know is refused as AWS refuses it, unless the {@link KeyLookup} accepts unknown keys: then the
 * header's shape, scope and date are all that is checked. An independent implementation (no AWS SDK signer), so
 * that a signature the real SDK or CLI computes is checked against the specification rather than against itself.
 */
final class SigV4Verifier {

    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** A request to verify: the raw (as sent, percent-encoded) path and query, headers by lowercase name. */
    record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    }

    /**
     * The outcome: {@code ok}, or an AWS error type, HTTP status and message (never the signature or a secret).
     * {@code accessKeyId} is the one the {@code Authorization} header's {@code Credential} names, also on failure
     * (null when the header names none).
     */
    record Result(boolean ok, boolean verified, String accessKeyId, String signedHeaders, String errorType,
                  int httpStatus, String message) {

        static Result failure(String errorType, int httpStatus, String message) {
            return new Result(false, false, null, null, errorType, httpStatus, message);
        }

        Result withAccessKeyId(String id) {
            return new Result(ok, verified, id, signedHeaders, errorType, httpStatus, message);
        }
    }

    /**
     * What the emulator knows of an access key: its secret, the session token requests must carry (null for
     * long-term credentials), and when it expires (null: never).
     */
    record SigningSecret(String secretAccessKey, String sessionToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "SigningSecret[<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    /** Finds the secret of an access key, or null when the key is unknown. */
    @FunctionalInterface
    interface KeyLookup {
        SigningSecret find(String accessKeyId);

        /**
         * Whether a request signed with a key this lookup does not know passes on the shape, scope and date of its
         * signature alone (true), or is refused with {@code UnrecognizedClientException} as AWS refuses it (false,
         * the default).
         */
        default boolean acceptsUnknownKeys() {
            return false;
        }

        /** A lookup that knows only {@code credentials} and refuses every other key. */
        static KeyLookup of(EmulatorConfig.Credentials credentials) {
            SigningSecret secret = new SigningSecret(credentials.secretAccessKey(), credentials.sessionToken(), null);
            return id -> credentials.accessKeyId().equals(id) ? secret : null;
        }

        /** A lookup that knows no key and accepts every one: shape, scope and date are checked, never a signature. */
        static KeyLookup none() {
            return new KeyLookup() {
                @Override
                public SigningSecret find(String accessKeyId) {
                    return null;
                }

                @Override
                public boolean acceptsUnknownKeys() {
                    return true;
                }
            };
        }
    }

    private SigV4Verifier() {
    }

    /** Verifies {@code request} for {@code service} in {@code region} against the secrets {@code keys} knows. */
    static Result verify(SignedRequest request, String service, String region, KeyLookup keys, Instant now) {
        Result result = check(request, service, region, keys, now);
        return result.accessKeyId() == null ? result.withAccessKeyId(accessKeyIdOf(request)) : result;
    }

    private static Result check(SignedRequest request, String service, String region, KeyLookup keys, Instant now) {
        String authorization = first(request.headers(), "authorization");
        if (authorization == null || authorization.isBlank()) {
            return Result.failure("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return Result.failure("IncompleteSignatureException", 400,
                    "Authorization header must use the " + ALGORITHM + " algorithm.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) {
                credential = p.substring("Credential=".length());
            } else if (p.startsWith("SignedHeaders=")) {
                signedHeaders = p.substring("SignedHeaders=".length());
            } else if (p.startsWith("Signature=")) {
                signature = p.substring("Signature=".length());
            }
        }
        if (credential == null || signedHeaders == null || signature == null || signedHeaders.isEmpty()) {
            return Result.failure("IncompleteSignatureException", 400,
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return Result.failure("IncompleteSignatureException", 400,
                    "Credential must have the form <access key>/<date>/<region>/<service>/aws4_request.");
        }
        String accessKeyId = scope[0];
        if (!service.equals(scope[3])) {
            return Result.failure("InvalidSignatureException", 403,
                    "Credential should be scoped to correct service: '" + service + "'.");
        }
        if (!region.equals(scope[2])) {
            return Result.failure("InvalidSignatureException", 403,
                    "Credential should be scoped to a valid region: '" + region + "'.");
        }
        String amzDate = first(request.headers(), "x-amz-date");
        if (amzDate == null) {
            return Result.failure("IncompleteSignatureException", 400,
                    "Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return Result.failure("IncompleteSignatureException", 400, "X-Amz-Date must have the form yyyyMMdd'T'HHmmss'Z'.");
        }
        if (!amzDate.startsWith(scope[1])) {
            return Result.failure("InvalidSignatureException", 403,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }
        List<String> signedNames = List.of(signedHeaders.split(";"));
        if (!signedNames.contains("host")) {
            return Result.failure("InvalidSignatureException", 403, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        SigningSecret credentials = keys.find(accessKeyId);
        if (credentials == null) {
            if (!keys.acceptsUnknownKeys()) {
                return Result.failure("UnrecognizedClientException", 403,
                        "The security token included in the request is invalid.");
            }
            Result skewed = outsideSkew(amzDate, signedAt, now);
            return skewed != null ? skewed : new Result(true, false, accessKeyId, signedHeaders, null, 200, null);
        }
        if (credentials.sessionToken() != null
                && !credentials.sessionToken().equals(first(request.headers(), "x-amz-security-token"))) {
            return Result.failure("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
        }
        if (credentials.expiresAt() != null && !now.isBefore(credentials.expiresAt())) {
            return Result.failure("ExpiredTokenException", 403, "The security token included in the request is expired");
        }
        Result skewed = outsideSkew(amzDate, signedAt, now);
        if (skewed != null) {
            return skewed;
        }
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean matches = MessageDigest.isEqual(given,
                signature(request, signedNames, signedHeaders, amzDate, credentialScope, key));
        if (!matches && signedNames.contains("content-type")) {
            // Jetty's header cache can hand over a cached Content-Type whose charset differs from the one sent only
            // in case ("; charset=utf-8" arrives as "; charset=UTF-8"); the AWS SDK's Query protocol sends the
            // lowercase form. Accept the signature made over either casing of the charset parameter.
            String contentType = first(request.headers(), "content-type");
            for (String variant : charsetCasings(contentType)) {
                Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(request.headers());
                headers.put("content-type", List.of(variant));
                SignedRequest recased = new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                        headers, request.body());
                if (MessageDigest.isEqual(given,
                        signature(recased, signedNames, signedHeaders, amzDate, credentialScope, key))) {
                    matches = true;
                    break;
                }
            }
        }
        if (!matches) {
            return Result.failure("InvalidSignatureException", 403,
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                            + "Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return new Result(true, true, accessKeyId, signedHeaders, null, 200, null);
    }

    /**
     * The refusal of a request signed at {@code signedAt} (its {@code X-Amz-Date}, {@code amzDate}) more than
     * {@link #MAX_SKEW} before or after {@code now}, in AWS's words; null when it is within.
     */
    private static Result outsideSkew(String amzDate, Instant signedAt, Instant now) {
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            return Result.failure("InvalidSignatureException", 403, "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            return Result.failure("InvalidSignatureException", 403, "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
        return null;
    }

    /** The lowercase hex signature of {@code request}, as bytes, with the derived signing {@code key}. */
    private static byte[] signature(SignedRequest request, List<String> signedNames, String signedHeaders,
                                    String amzDate, String credentialScope, byte[] key) {
        String canonicalRequest = canonicalRequest(request, signedNames, signedHeaders);
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        return HEX.formatHex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code contentType} with its charset parameter's value in lower and in upper case, when it has one. */
    static List<String> charsetCasings(String contentType) {
        if (contentType == null) {
            return List.of();
        }
        int at = contentType.toLowerCase(Locale.ROOT).lastIndexOf("charset=");
        if (at < 0) {
            return List.of();
        }
        String head = contentType.substring(0, at + "charset=".length());
        String charset = contentType.substring(head.length());
        List<String> variants = new ArrayList<>(2);
        for (String c : List.of(charset.toLowerCase(Locale.ROOT), charset.toUpperCase(Locale.ROOT))) {
            if (!c.equals(charset)) {
                variants.add(head + c);
            }
        }
        return variants;
    }

    /** The access key id of the request's credential scope, or null when the header does not name one. */
    private static String accessKeyIdOf(SignedRequest request) {
        return accessKeyIdOf(first(request.headers(), "authorization"));
    }

    /** The access key id the {@code Credential} of an {@code Authorization} header names, or null when it names none. */
    static String accessKeyIdOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int start = at + "Credential=".length();
        int slash = authorization.indexOf('/', start);
        if (slash <= start) {
            return null;
        }
        String id = authorization.substring(start, slash).trim();
        return id.length() <= 128 && id.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',') ? id : null;
    }

    static String canonicalRequest(SignedRequest request, List<String> signedNames, String signedHeaders) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(request.method()).append('\n');
        sb.append(canonicalUri(request.rawPath())).append('\n');
        sb.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedNames) {
            sb.append(name).append(':');
            List<String> values = request.headers().get(name);
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(values.get(i).trim().replaceAll(" +", " "));
                }
            }
            sb.append('\n');
        }
        sb.append('\n').append(signedHeaders).append('\n');
        String payloadHash = first(request.headers(), "x-amz-content-sha256");
        if (!"UNSIGNED-PAYLOAD".equals(payloadHash)) {
            payloadHash = HEX.formatHex(sha256(request.body()));
        }
        sb.append(payloadHash);
        return sb.toString();
    }

    /** Each segment of the (already once-encoded) path encoded again, as AWS does for every service but S3. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder(rawPath.length() + 16);
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '/') {
                sb.append('/');
            } else {
                encode(sb, c);
            }
        }
        return sb.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {encodeAll(decode(k)), encodeAll(decode(v))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encodeAll(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            encodeByte(sb, b);
        }
        return sb.toString();
    }

    private static void encode(StringBuilder sb, char c) {
        if (c < 0x80) {
            encodeByte(sb, (byte) c);
        } else {
            for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                encodeByte(sb, b);
            }
        }
    }

    private static void encodeByte(StringBuilder sb, byte b) {
        char c = (char) (b & 0xff);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~') {
            sb.append(c);
        } else {
            sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
