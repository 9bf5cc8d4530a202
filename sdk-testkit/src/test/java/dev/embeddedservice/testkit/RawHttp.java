package dev.embeddedservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain HTTP calls to an emulator with the JDK's client, speaking protocol §1 and §2 by hand: a structurally valid
 * SigV4 header with a made-up signature by a key the emulator does not know (so an emulator without test credentials
 * checks only its shape and date), dated by the given clock (the system's unless the emulator runs on another).
 */
final class RawHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** An access key id no emulator knows. */
    static final String UNKNOWN_ACCESS_KEY_ID = "AKIDEXAMPLE";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Response(int status, Map<String, List<String>> headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body(), e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** For a ModelError: the container's own body. */
        JsonNode original() {
            try {
                return MAPPER.readTree(json().get("OriginalMessage").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final EmbeddedServiceEmulator emulator;
    private final Clock clock;

    RawHttp(EmbeddedServiceEmulator emulator) {
        this(emulator, Clock.systemUTC());
    }

    /** Calls whose {@code X-Amz-Date} is the time of {@code clock}: the emulator's own when it is not the system's. */
    RawHttp(EmbeddedServiceEmulator emulator, Clock clock) {
        this.emulator = emulator;
        this.clock = clock;
    }

    static String activationBody(String productCode) {
        return "{\"productCode\":\"" + productCode + "\",\"clientId\":\"test-client\",\"sdkVersion\":\"1.0.0\"}";
    }

    Response activate() throws IOException, InterruptedException {
        return activate(activationBody(emulator.productCode()), emulator.licenseKey());
    }

    Response activate(String body, String licenseKey) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "embedded-service-sdk-java/1.0.0");
        if (licenseKey != null) {
            headers.put("X-Api-Key", licenseKey);
        }
        return post(emulator.activationUrl() + "/v1/activate", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    String token() throws IOException, InterruptedException {
        Response response = activate();
        if (response.status() != 200) {
            throw new IllegalStateException("activation failed: " + response.status() + " " + response.body());
        }
        return response.json().get("token").asText();
    }

    Response invoke(String token, String batch) throws IOException, InterruptedException {
        return invoke(token, batch.getBytes(StandardCharsets.UTF_8));
    }

    Response invoke(String token, byte[] batch) throws IOException, InterruptedException {
        Map<String, String> headers = sageMakerHeaders(clock.instant());
        if (token != null) {
            headers.put("X-Amzn-SageMaker-Custom-Attributes", "token=" + token);
        }
        return invoke(emulator.endpointName(), headers, batch);
    }

    Response invoke(String endpointName, Map<String, String> headers, byte[] batch) throws IOException, InterruptedException {
        return post(emulator.endpointUrl() + "/endpoints/" + endpointName + "/invocations", headers, batch);
    }

    /** InvokeEndpoint headers signed now, in shape only, by {@link #UNKNOWN_ACCESS_KEY_ID}. */
    static Map<String, String> sageMakerHeaders() {
        return sageMakerHeaders(Instant.now());
    }

    static Map<String, String> sageMakerHeaders(Instant signedAt) {
        return sageMakerHeaders(signedAt, UNKNOWN_ACCESS_KEY_ID);
    }

    /** InvokeEndpoint headers with {@code X-Amz-Date} {@code signedAt} and a made-up signature by {@code accessKeyId}. */
    static Map<String, String> sageMakerHeaders(Instant signedAt, String accessKeyId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("X-Amz-Date", amzDate(signedAt));
        headers.put("Authorization", fakeAuthorization(signedAt, accessKeyId, "sagemaker"));
        return headers;
    }

    /** {@code instant} as an {@code X-Amz-Date}: {@code yyyyMMdd'T'HHmmss'Z'}. */
    static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /** A well-formed SigV4 {@code Authorization} header for us-east-1 and {@code service} whose signature is zeros. */
    static String fakeAuthorization(Instant signedAt, String accessKeyId, String service) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + amzDate(signedAt).substring(0, 8)
                + "/us-east-1/" + service + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
                + "0".repeat(64);
    }

    static Response post(String url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }

    static Response get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }
}
