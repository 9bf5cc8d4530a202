package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code esvc proxy} as a separate process on a fresh machine (the embedded emulator): it prints its URL and
 * answers a translate over loopback HTTP, end to end through the authorizer and the proxy.
 */
class EsvcProxyTest {

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theProxyCommandAnswersATranslateOverLoopbackHttp() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Esvc.class.getName(), "proxy", "--target-namespace", "acme-media")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        try {
            String line = stdout.readLine();
            assertThat(line).matches("proxy-url: http://127\\.0\\.0\\.1:\\d+");
            String url = line.substring("proxy-url: ".length());

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(url + "/translate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"identifiers\": [{\"type\": \"email\", "
                            + "\"value\": \"  Alice@Example.com \"}, {\"type\": \"email\", \"value\": \"not an email\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode results = new ObjectMapper().readTree(response.body()).get("results");
            String h = sha256("acme-media|EMAIL_SHA256|" + sha256("alice@example.com"));
            if (h.startsWith("f")) {
                assertThat(results.get(0).get("status").asText()).isEqualTo("NOT_FOUND");
            } else {
                assertThat(results.get(0).get("status").asText()).isEqualTo("OK");
                assertThat(results.get(0).get("translatedId").asText()).isEqualTo("tk_" + h.substring(0, 32));
            }
            assertThat(results.get(1).get("status").asText()).isEqualTo("INVALID");

            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stdout.readLine()).as("standard output after the URL line").isNull();
        } finally {
            process.destroyForcibly();
        }
    }
}
