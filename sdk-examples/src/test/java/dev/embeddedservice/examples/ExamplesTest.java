package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.BatchResult;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.EmulatorJournal;
import dev.embeddedservice.testkit.InvocationRecord;
import dev.embeddedservice.testkit.OAuthTokenRecord;
import dev.embeddedservice.testkit.StsRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example program runs on an emulator that verifies SigV4 signatures for real, so none of
 * them rots; their answers are checked against independent computations of the emulator's
 * operations, and the emulator's journal shows how each example reached it.
 */
class ExamplesTest {

    private static EmbeddedServiceEmulator emulator;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emulator = ExampleService.startEmulator();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void emptyJournal() {
        emulator.reset();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The testkit README's fraudScore, computed here: k = floor(n * 10000 / 65536) of the hash's first two bytes. */
    static FraudScoring.FraudScore expectedScore(FraudScoring.Transaction t) throws Exception {
        String h = EsvcTranslateTest.sha256(t.accountIdHash() + "|" + t.amountCents() + "|" + t.currency() + "|"
                + t.country());
        int k = Integer.parseInt(h.substring(0, 4), 16) * 10_000 / 65_536;
        return new FraudScoring.FraudScore(k / 10_000.0, k < 6_000 ? "LOW" : k < 9_000 ? "MEDIUM" : "HIGH");
    }

    /** Protocol §4 translate of an emailed identifier, computed here: status and translated id. */
    private static void assertTranslatedEmails(TranslateResponse response, List<String> emails) throws Exception {
        for (int i = 0; i < emails.size(); i++) {
            String[] expected = EsvcTranslateTest.expectedForEmail("acme-media", emails.get(i));
            TranslateResult r = response.results().get(i);
            assertThat(r.status().name()).as("result %d", i).isEqualTo(expected[0]);
            assertThat(r.translatedId().orElse("")).as("result %d", i).isEqualTo(expected[1]);
        }
    }

    @Test
    void quickStartTranslatesFiveIdentifiers() {
        TranslateResponse response = QuickStart.run(ExampleService.on(emulator), out);
        assertThat(response.results()).hasSize(5);
        assertThat(response.results().get(4).status()).isEqualTo(RecordStatus.INVALID);
        assertThat(response.results().subList(0, 4)).allMatch(r -> r.status() == RecordStatus.OK
                || r.status() == RecordStatus.NOT_FOUND);
        assertThat(printed().lines()).hasSize(6);
    }

    @Test
    void asyncCallsComplete() {
        List<TranslateResponse> responses = AsyncCalls.run(ExampleService.on(emulator), out);
        assertThat(responses).hasSize(3).allMatch(r -> r.results().size() == 2_000 && r.summary().failed() == 0);
    }

    @Test
    void aLargeFileStreamsThrough() throws Exception {
        Path input = StreamLargeFile.generate(dir.resolve("emails.txt"), 20_000);
        Path output = dir.resolve("out.csv");
        InvocationSummary summary = StreamLargeFile.run(ExampleService.on(emulator), input, output, out);
        assertThat(summary.records()).isEqualTo(20_000);
        assertThat(summary.failed()).isZero();
        assertThat(Files.readAllLines(output)).hasSize(20_000);
    }

    @Test
    void fraudScoringAnswersEachTransactionAsTheOperationIsDefined() throws Exception {
        List<FraudScoring.Transaction> transactions = FraudScoring.sampleTransactions();

        BatchResult<FraudScoring.FraudScore> result = FraudScoring.run(ExampleService.on(emulator), transactions, out);

        assertThat(result.results()).hasSize(transactions.size());
        for (int i = 0; i < transactions.size() - 1; i++) {
            RecordResult<FraudScoring.FraudScore> r = result.results().get(i);
            assertThat(r.status()).as("transaction %d", i).isEqualTo(RecordStatus.OK);
            assertThat(r.value()).as("transaction %d", i).contains(expectedScore(transactions.get(i)));
        }
        RecordResult<FraudScoring.FraudScore> refused = result.results().get(transactions.size() - 1);
        assertThat(refused.status()).isEqualTo(RecordStatus.INVALID);
        assertThat(refused.reason().orElseThrow()).contains("currency");
        assertThat(transactions).allSatisfy(t -> assertThat(t.accountIdHash()).matches("[0-9a-f]{64}"));
        assertThat(emulator.journal().invocations()).isNotEmpty().allSatisfy(i -> {
            assertThat(i.operation()).isEqualTo("fraudScore");
            assertThat(i.httpStatus()).isEqualTo(200);
        });
        assertThat(emulator.journal().billedUnits()).isEqualTo(transactions.size());
        assertThat(printed()).doesNotContain("ACC-0001").contains("INVALID");
        assertThat(printed().lines()).hasSize(transactions.size() + 1);
    }

    @Test
    void oauth2TokensReplaceActivation() throws Exception {
        TranslateResponse response = OAuth2Tokens.run(ExampleService.on(emulator), out);

        assertTranslatedEmails(response, List.of("alice@example.com", "bob@example.org"));
        assertThat(response.results().get(2).status()).isIn(RecordStatus.OK, RecordStatus.NOT_FOUND);
        EmulatorJournal journal = emulator.journal();
        assertThat(journal.activationCount()).as("no activation request at all").isZero();
        assertThat(journal.oauthTokensIssued()).as("one token, cached across both calls").isEqualTo(1);
        OAuthTokenRecord issuance = journal.oauthRequests().get(0);
        assertThat(issuance.httpStatus()).isEqualTo(200);
        assertThat(issuance.clientId()).isEqualTo(emulator.oauthClientId());
        assertThat(issuance.scope()).isEqualTo("embedded-service/translate");
        assertThat(journal.invocations()).hasSize(2).allSatisfy(i -> {
            assertThat(i.httpStatus()).isEqualTo(200);
            assertThat(i.tokenId()).isEqualTo(issuance.tokenId());
        });
        assertThat(printed()).doesNotContain(emulator.oauthClientSecret());
    }

    @Test
    void assumedRoleCredentialsSignEveryInvocation() throws Exception {
        String roleArn = "arn:aws:iam::" + emulator.accountId() + ":role/esvc-invoker";

        TranslateResponse response = AssumedRole.run(ExampleService.on(emulator), roleArn, out);

        assertThat(response.results()).hasSize(2_500);
        assertThat(response.summary().failed()).isZero();
        assertTranslatedEmails(response, List.of("member0@example.com", "member1@example.com", "member2@example.com"));
        EmulatorJournal journal = emulator.journal();
        StsRecord assumeRole = journal.stsRequests().get(0);
        assertThat(assumeRole.action()).isEqualTo("AssumeRole");
        assertThat(assumeRole.httpStatus()).isEqualTo(200);
        assertThat(assumeRole.roleArn()).isEqualTo(roleArn);
        assertThat(assumeRole.roleSessionName()).isEqualTo(AssumedRole.SESSION_NAME);
        assertThat(assumeRole.accessKeyId()).as("assumed with the application's own credentials")
                .isEqualTo(ExampleService.EMULATOR_CREDENTIALS.accessKeyId());
        String issued = assumeRole.issuedAccessKeyId();
        assertThat(issued).startsWith("ASIA");
        assertThat(journal.temporaryCredentialsIssued()).isEqualTo(1);
        assertThat(journal.invocations()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(i -> assertThat(i.accessKeyId()).as("invocation %d", i.number()).isEqualTo(issued))
                .allSatisfy(i -> assertThat(i.httpStatus()).isEqualTo(200))
                .extracting(InvocationRecord::records).containsOnly(1000, 500);
        assertThat(printed()).contains("SageMaker calls are signed as arn:aws:sts::" + emulator.accountId()
                + ":assumed-role/esvc-invoker/" + AssumedRole.SESSION_NAME);
    }
}
