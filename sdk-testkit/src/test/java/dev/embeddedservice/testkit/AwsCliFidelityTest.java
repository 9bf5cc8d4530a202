package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI v2 ({@code /usr/bin/aws}, Debian package {@code awscli}) against the emulator, which verifies its
 * SigV4 signature for real. CI installs the package; a machine without it fails this test rather than skipping it.
 */
class AwsCliFidelityTest {

    private static final Path AWS = Path.of("/usr/bin/aws");

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .awsCredentials(AwsSdkFidelityTest.FAKE)
            .build();

    @TempDir
    Path dir;

    private final List<TestRecords.Item> items = TestRecords.valid(12, 5);

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void theAwsCliV2IsInstalled() {
        if (!Files.isExecutable(AWS)) {
            fail("/usr/bin/aws is missing: install the AWS CLI v2 (Debian package awscli, `apt-get install -y awscli`); "
                    + ".ci/run does this in CI");
        }
    }

    private Run invokeEndpoint(String token) throws IOException, InterruptedException {
        Path batch = Files.writeString(dir.resolve("batch.json"), TestRecords.batch(items));
        Path config = Files.createFile(dir.resolve("config"));
        Path credentials = Files.createFile(dir.resolve("credentials"));
        ProcessBuilder pb = new ProcessBuilder(AWS.toString(), "sagemaker-runtime", "invoke-endpoint",
                "--endpoint-url", emulator.endpointUrl(),
                "--endpoint-name", emulator.endpointName(),
                "--custom-attributes", "token=" + token,
                "--content-type", "application/json",
                "--body", "fileb://" + batch,
                dir.resolve("out.json").toString());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(Map.of(
                "AWS_ACCESS_KEY_ID", AwsSdkFidelityTest.FAKE.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", AwsSdkFidelityTest.FAKE.secretAccessKey(),
                "AWS_DEFAULT_REGION", emulator.region(),
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_PAGER", "",
                "HOME", dir.toString()));
        pb.redirectOutput(dir.resolve("stdout.txt").toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws did not finish within 90 s");
        }
        return new Run(process.exitValue(), Files.readString(dir.resolve("stdout.txt")),
                Files.readString(dir.resolve("stderr.txt")));
    }

    @Test
    void invoke_endpoint_with_a_valid_token_succeeds_with_the_specified_answers() throws Exception {
        Run run = invokeEndpoint(emulator.emulator().issueToken());

        assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
        assertThat(RawHttp.MAPPER.readTree(run.stdout()).get("ContentType").asText()).isEqualTo("application/json");
        JsonNode answer = RawHttp.MAPPER.readTree(Files.readString(dir.resolve("out.json"), StandardCharsets.UTF_8));
        Map<String, JsonNode> byId = new HashMap<>();
        answer.get("results").forEach(r -> byId.put(r.get("id").asText(), r));
        assertThat(byId).hasSize(items.size());
        for (TestRecords.Item item : items) {
            TestRecords.Expected expected = TestRecords.expected("acme-media", item.type(), item.value());
            assertThat(byId.get(item.id()).get("status").asText()).isEqualTo(expected.status());
        }
        assertThat(emulator.journal().invocations()).singleElement()
                .satisfies(i -> assertThat(i.httpStatus()).isEqualTo(200));
        assertThat(emulator.journal().lastInvocationHeaders().get("User-Agent").get(0)).startsWith("aws-cli/2.");
    }

    @Test
    void invoke_endpoint_with_a_bad_token_fails_with_a_model_error_naming_original_status_401() throws Exception {
        Run run = invokeEndpoint("not-a-valid-token");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("ModelError").contains("Received client error (401)").contains("TOKEN_INVALID");
        assertThat(emulator.journal().invocations()).singleElement()
                .satisfies(i -> assertThat(i.originalStatusCode()).isEqualTo(401));
    }
}
