package dev.embeddedservice.testkit.internal;

import dev.embeddedservice.testkit.StsRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal AWS Security Token Service at {@code POST /}: the AWS Query protocol (form parameters {@code Action},
 * {@code Version}, ...), SigV4 for service {@code sts} in the emulator's region, and XML answers shaped as STS
 * sends them, so the AWS SDK's own {@code StsClient} and {@code StsAssumeRoleCredentialsProvider} work against it.
 *
 * <p>Actions: {@code AssumeRole} (temporary credentials of a role in the emulator's account, at most one hour as
 * a role's default {@code MaxSessionDuration}) and {@code GetCallerIdentity}. A request signed with a key the
 * emulator knows (its defaults, the test credentials, credentials this STS issued: role chaining) has its signature
 * verified; with another key, it is refused when the emulator has test credentials and checked for shape and date
 * only when it has none. Every request's {@code X-Amz-Date} must be within 15 minutes of the emulator's clock.
 * Errors are {@code <ErrorResponse>} documents with the STS error codes ({@code SignatureDoesNotMatch} for a
 * signature that does not match or has expired, as STS answers). Thread-safe.
 */
final class StsService {

    static final String API_VERSION = "2011-06-15";
    static final String XML_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final Duration MIN_SESSION_DURATION = Duration.ofMinutes(15);
    static final Duration MAX_SESSION_DURATION = Duration.ofHours(1);
    private static final long REQUEST_ID_STREAM = 51;
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role/(?:[\\x21-\\x7e]*/)?([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Logger LOG = LoggerFactory.getLogger(StsService.class);

    private final EmulatorConfig config;
    private final CredentialStore credentials;
    private final DefaultEmulatorJournal journal;

    StsService(EmulatorConfig config, CredentialStore credentials, DefaultEmulatorJournal journal) {
        this.config = config;
        this.credentials = credentials;
        this.journal = journal;
    }

    /** Whether {@code request} is for this service: a POST to {@code /}. */
    static boolean handles(InboundRequest request) {
        return "POST".equals(request.method()) && "/".equals(request.rawPath());
    }

    HttpAnswer handle(InboundRequest request) {
        long number = journal.nextStsNumber();
        Instant now = config.clock().instant();
        String requestId = new UUID(SplitMix.value(config.seed(), REQUEST_ID_STREAM, number),
                SplitMix.value(config.seed(), REQUEST_ID_STREAM + 1, number)).toString();
        Call call = new Call(number, now, requestId);

        Map<String, List<String>> params = new LinkedHashMap<>();
        try {
            params.putAll(FormUrlEncoded.parse(request.rawQuery()));
            FormUrlEncoded.parse(new String(request.body(), StandardCharsets.UTF_8))
                    .forEach((k, v) -> params.merge(k, v, (a, b) -> a));
        } catch (FormUrlEncoded.MalformedException e) {
            return call.error(400, "MalformedQueryString", e.getMessage());
        }
        call.action = first(params, "Action");

        SigV4Verifier.Result auth = SigV4Verifier.verify(
                new SigV4Verifier.SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                        request.headers(), request.body()),
                "sts", config.region(), credentials, now);
        call.accessKeyId = auth.accessKeyId();
        if (!auth.ok()) {
            return signatureError(call, auth);
        }
        if (call.action == null) {
            return call.error(400, "MissingAction", "Missing Action");
        }
        String version = first(params, "Version");
        if (version != null && !API_VERSION.equals(version)) {
            return call.error(400, "InvalidAction", "Could not find operation " + call.action + " for version " + version);
        }
        return switch (call.action) {
            case "AssumeRole" -> assumeRole(call, params);
            case "GetCallerIdentity" -> getCallerIdentity(call);
            default -> call.error(400, "InvalidAction",
                    "Could not find operation " + call.action + " for version " + API_VERSION);
        };
    }

    private HttpAnswer assumeRole(Call call, Map<String, List<String>> params) {
        String roleArn = first(params, "RoleArn");
        String sessionName = first(params, "RoleSessionName");
        String durationText = first(params, "DurationSeconds");
        call.roleArn = roleArn;
        call.roleSessionName = sessionName;

        List<String> problems = new ArrayList<>();
        if (roleArn == null) {
            problems.add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        } else if (roleArn.length() < 20 || roleArn.length() > 2048) {
            problems.add("Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must have length "
                    + (roleArn.length() < 20 ? "greater than or equal to 20" : "less than or equal to 2048"));
        }
        if (sessionName == null) {
            problems.add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        } else if (sessionName.length() < 2 || sessionName.length() > 64) {
            problems.add("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must "
                    + "have length " + (sessionName.length() < 2 ? "greater than or equal to 2" : "less than or equal to 64"));
        } else if (!SESSION_NAME.matcher(sessionName).matches()) {
            problems.add("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        long durationSeconds = MAX_SESSION_DURATION.getSeconds();
        if (durationText != null) {
            try {
                durationSeconds = Long.parseLong(durationText);
                if (durationSeconds < 900 || durationSeconds > 43_200) {
                    problems.add("Value '" + durationText + "' at 'durationSeconds' failed to satisfy constraint: Member "
                            + "must have value " + (durationSeconds < 900 ? "greater than or equal to 900"
                            : "less than or equal to 43200"));
                }
            } catch (NumberFormatException e) {
                problems.add("Value '" + durationText + "' at 'durationSeconds' failed to satisfy constraint: Member "
                        + "must be a whole number");
            }
        }
        if (!problems.isEmpty()) {
            return call.error(400, "ValidationError", problems.size() + " validation error"
                    + (problems.size() > 1 ? "s" : "") + " detected: " + String.join("; ", problems));
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            return call.error(400, "ValidationError", roleArn + " is not a valid IAM role ARN");
        }
        CredentialStore.Principal caller = credentials.principalOf(call.accessKeyId);
        if (!config.accountId().equals(role.group(2))) {
            return call.error(403, "AccessDenied", "User: " + caller.arn()
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        if (durationSeconds > MAX_SESSION_DURATION.getSeconds()) {
            return call.error(400, "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        CredentialStore.Issued issued = credentials.issue(roleArn, role.group(1), role.group(2), role.group(3),
                sessionName, Duration.ofSeconds(durationSeconds), call.receivedAt);
        call.issued = issued;
        journal.credentialsIssued();
        LOG.debug("STS #{} issued temporary credentials for a session of {}", call.number, roleArn);
        String xml = "<AssumeRoleResponse xmlns=\"" + XML_NAMESPACE + "\">\n"
                + "  <AssumeRoleResult>\n"
                + "    <AssumedRoleUser>\n"
                + "      <AssumedRoleId>" + escape(issued.principal().userId()) + "</AssumedRoleId>\n"
                + "      <Arn>" + escape(issued.principal().arn()) + "</Arn>\n"
                + "    </AssumedRoleUser>\n"
                + "    <Credentials>\n"
                + "      <AccessKeyId>" + issued.accessKeyId() + "</AccessKeyId>\n"
                + "      <SecretAccessKey>" + issued.secretAccessKey() + "</SecretAccessKey>\n"
                + "      <SessionToken>" + issued.sessionToken() + "</SessionToken>\n"
                + "      <Expiration>" + ISO_SECONDS.format(issued.expiresAt()) + "</Expiration>\n"
                + "    </Credentials>\n"
                + "  </AssumeRoleResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + call.requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</AssumeRoleResponse>\n";
        return call.ok(xml);
    }

    private HttpAnswer getCallerIdentity(Call call) {
        CredentialStore.Principal caller = credentials.principalOf(call.accessKeyId);
        String xml = "<GetCallerIdentityResponse xmlns=\"" + XML_NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + escape(caller.arn()) + "</Arn>\n"
                + "    <UserId>" + escape(caller.userId()) + "</UserId>\n"
                + "    <Account>" + caller.account() + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + call.requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
        return call.ok(xml);
    }

    /** SigV4 failures with the codes the Query protocol uses (SageMaker's rest-json names end in Exception). */
    private static HttpAnswer signatureError(Call call, SigV4Verifier.Result auth) {
        return switch (auth.errorType()) {
            case "MissingAuthenticationTokenException" ->
                    call.error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            case "IncompleteSignatureException" -> call.error(400, "IncompleteSignature", auth.message());
            case "UnrecognizedClientException" -> call.error(403, "InvalidClientTokenId", auth.message());
            case "ExpiredTokenException" -> call.error(403, "ExpiredToken", auth.message());
            default -> call.error(403, "SignatureDoesNotMatch", auth.message());
        };
    }

    /** The per-request state that ends in one journal record. */
    private final class Call {
        final long number;
        final Instant receivedAt;
        final String requestId;
        String action;
        String accessKeyId;
        String roleArn;
        String roleSessionName;
        CredentialStore.Issued issued;

        Call(long number, Instant receivedAt, String requestId) {
            this.number = number;
            this.receivedAt = receivedAt;
            this.requestId = requestId;
        }

        HttpAnswer ok(String xml) {
            record(200, null);
            return xmlAnswer(200, xml, requestId);
        }

        HttpAnswer error(int status, String code, String message) {
            record(status, code);
            LOG.debug("STS #{} {} refused: {} {}", number, action, status, code);
            String xml = "<ErrorResponse xmlns=\"" + XML_NAMESPACE + "\">\n"
                    + "  <Error>\n"
                    + "    <Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type>\n"
                    + "    <Code>" + code + "</Code>\n"
                    + "    <Message>" + escape(message) + "</Message>\n"
                    + "  </Error>\n"
                    + "  <RequestId>" + requestId + "</RequestId>\n"
                    + "</ErrorResponse>\n";
            return xmlAnswer(status, xml, requestId);
        }

        private void record(int status, String code) {
            journal.recordSts(new StsRecord(number, receivedAt, action, status, code, accessKeyId, roleArn,
                    roleSessionName, issued == null ? null : issued.accessKeyId(),
                    issued == null ? null : issued.expiresAt().truncatedTo(ChronoUnit.SECONDS)));
        }
    }

    private static HttpAnswer xmlAnswer(int status, String xml, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/xml");
        headers.put("x-amzn-RequestId", requestId);
        return new HttpAnswer(status, headers, xml.getBytes(StandardCharsets.UTF_8), false, 0);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** XML character data: {@code & < > " '} escaped, characters XML 1.0 cannot carry replaced by U+FFFD. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }
}
