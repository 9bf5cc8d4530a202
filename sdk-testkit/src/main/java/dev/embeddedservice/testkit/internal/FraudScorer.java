package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The emulator's {@code fraudScore} operation, deterministic so any test can compute the expected answer:
 * for a valid transaction {@code {accountIdHash, amountCents, currency, country}},
 * {@code h = SHA-256(accountIdHash + "|" + amountCents + "|" + currency + "|" + country)} (UTF-8, amount in
 * plain decimal), {@code n} = the first two bytes of {@code h} as an unsigned big-endian number (0–65535),
 * {@code k = floor(n * 10000 / 65536)}, {@code score = k / 10000} (four decimals on the wire) and
 * {@code band} = {@code LOW} when {@code k < 6000}, {@code MEDIUM} when {@code k < 9000}, else {@code HIGH}.
 * A transaction whose fields are missing or malformed is {@code INVALID}; its message names the field, never
 * its value. Thread-safe (one digest per thread).
 */
final class FraudScorer {

    /** The operation's name in the batch envelope. */
    static final String OPERATION = "fraudScore";
    /** The largest amount accepted: 2^53 - 1, the largest integer every JSON parser reads exactly (RFC 7493). */
    static final long MAX_AMOUNT_CENTS = (1L << 53) - 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** {@code data} of an OK answer: {@code {"score": 0.1234, "band": "LOW"}}. */
    record Score(int basisPoints, String band) implements RecordAnswer.Data {
        @Override
        public void writeFields(JsonGenerator g) throws IOException {
            g.writeFieldName("score");
            g.writeNumber(BigDecimal.valueOf(basisPoints, 4));
            g.writeStringField("band", band);
        }
    }

    private FraudScorer() {
    }

    /** Scores one record of a batch whose body is {@code body}. */
    static RecordAnswer score(byte[] body, Batch.Item item) {
        if (!item.hasDataObject()) {
            return RecordAnswer.invalid(item.id(), item.problem());
        }
        JsonNode data;
        try {
            data = MAPPER.readTree(body, item.dataStart(), item.dataEnd() - item.dataStart());
        } catch (IOException e) {
            return RecordAnswer.invalid(item.id(), "record data is not a JSON object");
        }
        JsonNode accountIdHash = data.get("accountIdHash");
        if (accountIdHash == null || !accountIdHash.isTextual() || !accountIdHash.asText().matches("[0-9a-f]{64}")) {
            return RecordAnswer.invalid(item.id(),
                    "accountIdHash must be 64 lowercase hex characters (the SHA-256 of the account id)");
        }
        JsonNode amount = data.get("amountCents");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() < 0
                || amount.asLong() > MAX_AMOUNT_CENTS) {
            return RecordAnswer.invalid(item.id(), "amountCents must be a whole number from 0 to " + MAX_AMOUNT_CENTS);
        }
        JsonNode currency = data.get("currency");
        if (currency == null || !currency.isTextual() || !currency.asText().matches("[A-Z]{3}")) {
            return RecordAnswer.invalid(item.id(), "currency must be an ISO 4217 code of three uppercase letters");
        }
        JsonNode country = data.get("country");
        if (country == null || !country.isTextual() || !country.asText().matches("[A-Z]{2}")) {
            return RecordAnswer.invalid(item.id(), "country must be an ISO 3166-1 alpha-2 code of two uppercase letters");
        }
        String canonical = accountIdHash.asText() + "|" + amount.asLong() + "|" + currency.asText() + "|"
                + country.asText();
        byte[] h = SHA256.get().digest(canonical.getBytes(StandardCharsets.UTF_8));
        int n = ((h[0] & 0xff) << 8) | (h[1] & 0xff);
        int k = (int) ((long) n * 10_000 / 65_536);
        return RecordAnswer.ok(item.id(), new Score(k, band(k)));
    }

    private static String band(int basisPoints) {
        if (basisPoints < 6_000) {
            return "LOW";
        }
        return basisPoints < 9_000 ? "MEDIUM" : "HIGH";
    }
}
