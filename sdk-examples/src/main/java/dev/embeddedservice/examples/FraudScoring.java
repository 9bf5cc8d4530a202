package dev.embeddedservice.examples;

import dev.embeddedservice.BatchResult;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Operation;
import dev.embeddedservice.RecordResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A partner operation other than {@code translate}, through the generic
 * {@link EmbeddedServiceClient#invoke(Operation, List)}: fraud scoring of card transactions, with
 * the application's own request and response records.
 *
 * <p>Describe the operation once, as an {@link Operation} naming the partner's operation and the
 * two types: each input record is sent as a record's {@code data} (JSON by Jackson), and each
 * {@code OK} answer's {@code data} becomes an output record. Batching, retries, re-activation and
 * input-order results work exactly as for {@code translate}; an input the partner refuses comes
 * back {@code INVALID} with the partner's reason, without failing the others.
 *
 * <pre>{@code
 * record Transaction(String accountIdHash, long amountCents, String currency, String country) {}
 * record FraudScore(double score, String band) {}
 *
 * Operation<Transaction, FraudScore> fraudScore = Operation.of("fraudScore", Transaction.class, FraudScore.class);
 * BatchResult<FraudScore> scores = client.invoke(fraudScore, transactions);
 * }</pre>
 *
 * <p>Keep identifiers out of the request: the account id is hashed (SHA-256) in this process, so
 * only the hash leaves it. The emulator's {@code fraudScore} is a deterministic stand-in defined in
 * the testkit's README (a score from 0 to 0.9999 and a band, {@code LOW}, {@code MEDIUM} or
 * {@code HIGH}); on the real service the partner's model answers, if the subscription includes
 * the operation.
 *
 * <pre>java -cp sdk-examples/target/esvc.jar dev.embeddedservice.examples.FraudScoring</pre>
 */
public final class FraudScoring {

    /**
     * A card transaction as the partner's {@code fraudScore} takes it: the SHA-256 of the account
     * id (64 lowercase hex), the amount in minor units, an ISO 4217 currency and an ISO 3166-1
     * alpha-2 country.
     */
    public record Transaction(String accountIdHash, long amountCents, String currency, String country) {

        /** A transaction of {@code accountId}, hashed here so that the id itself is never sent. */
        public static Transaction of(String accountId, long amountCents, String currency, String country) {
            return new Transaction(sha256Hex(accountId.trim()), amountCents, currency, country);
        }

        @Override
        public String toString() {
            return "Transaction[" + amountCents + " " + currency + ", " + country + "]";
        }
    }

    /** The partner's answer for one transaction: a risk score from 0 to 1 and its band. */
    public record FraudScore(double score, String band) {
    }

    /** The partner's {@code fraudScore} operation, from {@link Transaction} to {@link FraudScore}. */
    public static final Operation<Transaction, FraudScore> FRAUD_SCORE =
            Operation.of("fraudScore", Transaction.class, FraudScore.class);

    private FraudScoring() {
    }

    public static void main(String[] args) {
        try (ExampleService service = ExampleService.fromEnvironmentOrEmulator()) {
            run(service, sampleTransactions(), System.out);
        }
    }

    /** A few transactions, the last with a currency code the partner refuses (lowercase). */
    static List<Transaction> sampleTransactions() {
        return List.of(
                Transaction.of("ACC-0001-7734", 4_999, "USD", "US"),
                Transaction.of("ACC-0002-1209", 129_900, "GBP", "GB"),
                Transaction.of("ACC-0003-5561", 2_450_000, "EUR", "DE"),
                Transaction.of("ACC-0001-7734", 75, "USD", "BR"),
                Transaction.of("ACC-0004-8820", 18_000, "JPY", "JP"),
                Transaction.of("ACC-0005-3117", 5_000, "eur", "FR"));
    }

    /** Scores {@code transactions} and prints one line per transaction, in input order. */
    static BatchResult<FraudScore> run(ExampleService service, List<Transaction> transactions, PrintStream out) {
        try (EmbeddedServiceClient client = service.clientBuilder().build()) {
            BatchResult<FraudScore> result = client.invoke(FRAUD_SCORE, transactions);
            for (int i = 0; i < transactions.size(); i++) {
                Transaction t = transactions.get(i);
                RecordResult<FraudScore> r = result.results().get(i);   // results are in input order
                String answer = switch (r.status()) {
                    case OK -> String.format(Locale.ROOT, "%.4f %s", r.value().orElseThrow().score(), r.value().orElseThrow().band());
                    case INVALID, FAILED -> r.status() + " (" + r.reason().orElse("") + ")";
                    default -> r.status().toString();
                };
                out.printf(Locale.ROOT, "%d %,12d %s %s  %s%n", i + 1, t.amountCents(), t.currency(), t.country(), answer);
            }
            out.println(result.summary());
            return result;
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
