package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.testkit.BillingEntry;
import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.InvocationRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SageMaker Runtime's InvokeEndpoint in front of the container (protocol §2–§3): {@code POST
 * /endpoints/{name}/invocations}, rest-json errors in {@code X-Amzn-ErrorType} plus a JSON {@code message}.
 *
 * <p>In this order: SigV4 (403/400 as AWS), ValidationError 400 for an unknown endpoint, a body over
 * {@code maxPayloadBytes}, CustomAttributes over 1024 characters or not visible US-ASCII, an InferenceId over 64
 * characters; then the call's fault if any (SageMaker-side faults answer without the container); then the
 * container, whose non-2xx answers become ModelError 424 (with {@code OriginalStatusCode}, {@code OriginalMessage},
 * {@code LogStreamArn}) and whose 2xx answers pass through without their metering header, which goes to the
 * billing ledger. Thread-safe.
 */
final class SageMakerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerRuntime.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();
    private static final String PATH_PREFIX = "/endpoints/";
    private static final String PATH_SUFFIX = "/invocations";
    private static final int MAX_CUSTOM_ATTRIBUTES = 1024;
    private static final int MAX_INFERENCE_ID = 64;
    private static final long REQUEST_ID_STREAM = 31;

    private final EmulatorConfig config;
    private final PartnerContainer container;
    private final TokenVerifier verifier;
    private final RevocationList revocations;
    private final DefaultFaultInjector faults;
    private final DefaultEmulatorJournal journal;
    private final SigV4Verifier.KeyLookup keys;
    private final String logGroup;

    /**
     * @param keys the credentials SigV4 signatures are verified against (the defaults, the test credentials and those
     *             the STS issued), and what becomes of a key it does not know
     */
    SageMakerRuntime(EmulatorConfig config, PartnerContainer container, TokenVerifier verifier,
                     RevocationList revocations, DefaultFaultInjector faults, DefaultEmulatorJournal journal,
                     SigV4Verifier.KeyLookup keys) {
        this.config = config;
        this.keys = keys;
        this.container = container;
        this.verifier = verifier;
        this.revocations = revocations;
        this.faults = faults;
        this.journal = journal;
        this.logGroup = "/aws/sagemaker/Endpoints/" + config.endpointName();
    }

    /** Whether {@code rawPath} is an InvokeEndpoint path. */
    static boolean isInvocationPath(String rawPath) {
        return rawPath.startsWith(PATH_PREFIX) && rawPath.endsWith(PATH_SUFFIX)
                && rawPath.length() > PATH_PREFIX.length() + PATH_SUFFIX.length()
                && rawPath.indexOf('/', PATH_PREFIX.length()) == rawPath.length() - PATH_SUFFIX.length();
    }

    HttpAnswer invoke(InboundRequest request) {
        long number = journal.nextInvocationNumber();
        Instant now = config.clock().instant();
        String requestId = new UUID(SplitMix.value(config.seed(), REQUEST_ID_STREAM, number),
                SplitMix.value(config.seed(), REQUEST_ID_STREAM + 1, number)).toString();
        String endpointName = endpointName(request.rawPath());
        String customAttributes = request.header("X-Amzn-SageMaker-Custom-Attributes");
        String inferenceId = request.header("X-Amzn-SageMaker-Inference-Id");
        byte[] body = request.body();
        Invocation call = new Invocation(number, now, endpointName, body.length, inferenceId,
                customAttributes == null ? 0 : customAttributes.length(), requestId);

        SigV4Verifier.Result auth = SigV4Verifier.verify(
                new SigV4Verifier.SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(), body),
                "sagemaker", config.region(), keys, now);
        call.accessKeyId = auth.accessKeyId();
        if (!auth.ok()) {
            return call.finish(awsError(auth.httpStatus(), auth.errorType(), auth.message(), requestId), auth.errorType());
        }
        String validation = validate(endpointName, body.length, customAttributes, inferenceId);
        if (validation != null) {
            return call.finish(awsError(400, "ValidationError", validation, requestId), "ValidationError");
        }
        Batch batch = BatchParser.parse(body);
        call.records = batch.recordCount();
        call.operation = journalName(batch.operation());
        journal.batchReceived(batch.recordCount(), body.length);

        Fault fault = faults.faultFor(number);
        if (fault != null) {
            HttpAnswer front = frontFault(fault, requestId);
            if (front != null) {
                call.fault = fault;
                return call.finish(front, fault == Fault.CONNECTION_RESET ? null : front.headers().get("X-Amzn-ErrorType"));
            }
            if (fault == Fault.TOKEN_REVOKED) {
                TokenClaims presented = verifier.authenticClaims(CustomAttributes.token(customAttributes));
                if (presented != null) {
                    revocations.revoke(presented.jti());
                }
                call.fault = fault;
            } else if (fault == Fault.ALL_TOKENS_REVOKED) {
                revocations.revokeAll();
                call.fault = fault;
            }
        }
        Fault containerFault = fault == null || fault == Fault.TOKEN_REVOKED || fault == Fault.ALL_TOKENS_REVOKED
                || fault == Fault.DELAY ? null : fault;
        ContainerResponse answer = container.invoke(batch, customAttributes, number, containerFault);
        call.tokenId = answer.tokenId();
        if (answer.appliedFault() != null) {
            call.fault = answer.appliedFault();
        }
        HttpAnswer http;
        String errorType = null;
        if (answer.successful()) {
            long units = meteredUnits(answer.meteringHeader());
            call.billedUnits = units;
            journal.recordBilling(new BillingEntry(number, now, inferenceId, "inference.count", units, answer.appliedFault()));
            if (faults.sweepAfterSuccess()) {
                revocations.revokeAll();
                journal.sweepApplied();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", answer.contentType());
            headers.put("x-amzn-RequestId", requestId);
            headers.put("X-Amzn-Invoked-Production-Variant", "AllTraffic");
            http = new HttpAnswer(answer.status(), headers, answer.body(), false, 0);
        } else {
            call.originalStatusCode = answer.status();
            call.containerError = answer.error();
            errorType = "ModelError";
            http = modelError(answer, requestId);
        }
        if (fault == Fault.DELAY) {
            call.fault = Fault.DELAY;
            http = http.withDelay(faults.delayMillis());
        }
        return call.finish(http, errorType);
    }

    /** The per-call state that ends in one journal record. */
    private final class Invocation {
        final long number;
        final Instant receivedAt;
        final String endpointName;
        final int bodyBytes;
        final String inferenceId;
        final int customAttributesLength;
        final String requestId;
        int records = -1;
        String operation;
        String accessKeyId;
        Fault fault;
        Integer originalStatusCode;
        String containerError;
        String tokenId;
        long billedUnits;

        Invocation(long number, Instant receivedAt, String endpointName, int bodyBytes, String inferenceId,
                   int customAttributesLength, String requestId) {
            this.number = number;
            this.receivedAt = receivedAt;
            this.endpointName = endpointName;
            this.bodyBytes = bodyBytes;
            this.inferenceId = inferenceId;
            this.customAttributesLength = customAttributesLength;
            this.requestId = requestId;
        }

        HttpAnswer finish(HttpAnswer answer, String errorType) {
            journal.recordInvocation(new InvocationRecord(number, receivedAt, endpointName, operation, records,
                    bodyBytes, answer.status(), errorType, originalStatusCode, containerError, fault, inferenceId,
                    customAttributesLength, tokenId, accessKeyId, billedUnits));
            if (LOG.isDebugEnabled()) {
                LOG.debug("invocation #{} ({} records, {} bytes): {} {}{}", number, records, bodyBytes, answer.status(),
                        errorType == null ? "" : errorType, fault == null ? "" : " fault " + fault);
            }
            return answer;
        }
    }

    /** The operation name as the journal keeps it: the shared constant for known ones, at most 64 characters. */
    private static String journalName(String operation) {
        if (operation == null) {
            return null;
        }
        for (String known : PartnerContainer.OPERATIONS) {
            if (known.equals(operation)) {
                return known;
            }
        }
        return operation.length() <= 64 ? operation : operation.substring(0, 64);
    }

    /** The decoded endpoint name of an InvokeEndpoint path (the configured instance when equal, to keep the journal small). */
    private String endpointName(String rawPath) {
        String raw = rawPath.substring(PATH_PREFIX.length(), rawPath.length() - PATH_SUFFIX.length());
        if (raw.equals(config.endpointName())) {
            return config.endpointName();
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return raw;
        }
    }

    private String validate(String endpointName, int bodyBytes, String customAttributes, String inferenceId) {
        if (!config.endpointName().equals(endpointName)) {
            return "Endpoint " + endpointName + " of account " + config.accountId() + " not found.";
        }
        if (bodyBytes > config.maxPayloadBytes()) {
            return "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length "
                    + "less than or equal to " + config.maxPayloadBytes();
        }
        if (customAttributes != null) {
            if (customAttributes.length() > MAX_CUSTOM_ATTRIBUTES) {
                return "1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member "
                        + "must have length less than or equal to " + MAX_CUSTOM_ATTRIBUTES;
            }
            for (int i = 0; i < customAttributes.length(); i++) {
                char c = customAttributes.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    return "1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: \\p{ASCII}*";
                }
            }
        }
        if (inferenceId != null && (inferenceId.isEmpty() || inferenceId.length() > MAX_INFERENCE_ID)) {
            return "1 validation error detected: Value at 'inferenceId' failed to satisfy constraint: Member must have "
                    + "length between 1 and " + MAX_INFERENCE_ID;
        }
        return null;
    }

    /** The answer of a SageMaker-side fault, or null when the fault is not SageMaker-side. */
    private HttpAnswer frontFault(Fault fault, String requestId) {
        return switch (fault) {
            case THROTTLING -> awsError(400, "ThrottlingException", "Rate exceeded", requestId);
            case MODEL_NOT_READY -> awsError(429, "ModelNotReadyException",
                    "Model for endpoint " + config.endpointName() + " is not ready yet. Retry later.", requestId);
            case SERVICE_UNAVAILABLE -> awsError(503, "ServiceUnavailable",
                    "The service is unavailable. Try your call again.", requestId);
            case INTERNAL_FAILURE -> awsError(500, "InternalFailure",
                    "An internal failure occurred. Try your call again.", requestId);
            case INTERNAL_DEPENDENCY -> awsError(530, "InternalDependencyException",
                    "An internal dependency failed. Try your call again.", requestId);
            case CONNECTION_RESET -> HttpAnswer.connectionReset();
            default -> null;
        };
    }

    private HttpAnswer modelError(ContainerResponse answer, String requestId) {
        String original = new String(answer.body(), StandardCharsets.UTF_8);
        String kind = answer.status() >= 500 ? "server" : "client";
        String message = "Received " + kind + " error (" + answer.status() + ") from primary with message \"" + original
                + "\". See https://" + config.region() + ".console.aws.amazon.com/cloudwatch/home?region=" + config.region()
                + "#logEventViewer:group=" + logGroup + " in account " + config.accountId() + " for more information.";
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length() * 2 + 512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("message", message);
            g.writeNumberField("OriginalStatusCode", answer.status());
            g.writeStringField("OriginalMessage", original);
            g.writeStringField("LogStreamArn",
                    "arn:aws:logs:" + config.region() + ":" + config.accountId() + ":log-group:" + logGroup);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpAnswer.json(424, out.toByteArray())
                .withHeader("X-Amzn-ErrorType", "ModelError")
                .withHeader("x-amzn-RequestId", requestId);
    }

    static HttpAnswer awsError(int status, String errorType, String message, String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length() + 32);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpAnswer.json(status, out.toByteArray())
                .withHeader("X-Amzn-ErrorType", errorType)
                .withHeader("x-amzn-RequestId", requestId);
    }

    /** Reads {@code ConsumedUnits} from the container's {@code X-Amzn-Inference-Metering} header (0 when absent). */
    private static long meteredUnits(String meteringHeader) {
        if (meteringHeader == null) {
            return 0;
        }
        try {
            JsonNode node = MAPPER.readTree(meteringHeader);
            return node.path("ConsumedUnits").asLong(0);
        } catch (IOException e) {
            LOG.warn("container sent an unreadable metering header; nothing billed");
            return 0;
        }
    }
}
