package dev.embeddedservice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * What a skilled engineer writes without the SDK: a token fetched once, a manual batch loop over
 * a fixed thread pool, Jackson for the bodies, the raw {@link SageMakerRuntimeClient}. No
 * de-duplication, no response checks, no retry beyond the AWS SDK's own, no token refresh.
 */
final class HandWrittenBaseline implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final SageMakerRuntimeClient sageMaker;
    private final String endpointName;
    private final String token;
    private final ExecutorService pool;

    HandWrittenBaseline(SageMakerRuntimeClient sageMaker, String endpointName, String token, int threads) {
        this.sageMaker = sageMaker;
        this.endpointName = endpointName;
        this.token = token;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /** Activates once with plain HTTP and Jackson; returns the token. */
    static String activate(String activationUrl, String productCode, String licenseKey) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(activationUrl + "/v1/activate"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", licenseKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("productCode", productCode, "sdkVersion", "baseline"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** Translates emails in batches of {@code batchSize}; returns the translated id or status of each. */
    String[] translate(List<String> emails, String namespace, int batchSize) throws Exception {
        String[] results = new String[emails.size()];
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < emails.size(); start += batchSize) {
            int from = start;
            int to = Math.min(emails.size(), start + batchSize);
            futures.add(pool.submit(() -> invoke(emails, from, to, namespace, results)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        return results;
    }

    private void invoke(List<String> emails, int from, int to, String namespace, String[] results) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            List<Map<String, Object>> records = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                String normalized = emails.get(i).trim().toLowerCase(Locale.ROOT);
                String hash = HEX.formatHex(sha256.digest(normalized.getBytes(StandardCharsets.UTF_8)));
                records.add(Map.of("id", Integer.toString(i - from),
                        "data", Map.of("type", "EMAIL_SHA256", "value", hash)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("operation", "translate");
            body.put("params", Map.of("targetNamespace", namespace));
            body.put("records", records);
            byte[] bytes = JSON.writeValueAsBytes(body);
            InvokeEndpointResponse response = sageMaker.invokeEndpoint(b -> b.endpointName(endpointName)
                    .contentType("application/json").accept("application/json")
                    .customAttributes("token=" + token).inferenceId(UUID.randomUUID().toString())
                    .body(SdkBytes.fromByteArrayUnsafe(bytes)));
            for (JsonNode r : JSON.readTree(response.body().asByteArrayUnsafe()).get("results")) {
                int i = from + Integer.parseInt(r.get("id").asText());
                String status = r.get("status").asText();
                results[i] = "OK".equals(status) ? r.get("data").get("translatedId").asText() : status;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The naive form: one InvokeEndpoint per email. */
    void translateOneByOne(List<String> emails, String namespace) throws Exception {
        String[] results = new String[emails.size()];
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            int at = i;
            futures.add(pool.submit(() -> invoke(emails, at, at + 1, namespace, results)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
