package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.internal.BatchPlanner.Offer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Envelope envelope = Envelope.of(JSON, "translate", Map.of("targetNamespace", "acme-media"));

    private static byte[] data(int valueLength) {
        return ("{\"type\":\"CUSTOM\",\"value\":\"" + "x".repeat(valueLength) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The size of protocol §2's body for {@code records}, written out here by hand: ids are positions. */
    private static int bodyBytes(byte[]... records) {
        StringBuilder body = new StringBuilder(
                "{\"operation\":\"translate\",\"params\":{\"targetNamespace\":\"acme-media\"},\"records\":[");
        for (int i = 0; i < records.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"data\":")
                    .append(new String(records[i], StandardCharsets.UTF_8)).append('}');
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theRecordLimitFitsExactlyAndOneMoreRecordDoesNot() {
        BatchPlanner planner = new BatchPlanner(envelope, 3, 1_000_000);
        assertThat(planner.offer(10)).isEqualTo(Offer.ADDED);
        assertThat(planner.offer(10)).isEqualTo(Offer.ADDED);
        assertThat(planner.offer(10)).isEqualTo(Offer.ADDED);
        assertThat(planner.offer(10)).isEqualTo(Offer.FULL);
        assertThat(planner.count()).isEqualTo(3);
        planner.startNewBatch();
        assertThat(planner.offer(10)).isEqualTo(Offer.ADDED);
    }

    @Test
    void theByteLimitFitsExactlyAndOneByteMoreDoesNot() {
        byte[] a = data(20);
        byte[] b = data(30);
        int exact = bodyBytes(a, b);

        BatchPlanner fits = new BatchPlanner(envelope, 1000, exact);
        assertThat(fits.offer(a.length)).isEqualTo(Offer.ADDED);
        assertThat(fits.offer(b.length)).isEqualTo(Offer.ADDED);
        assertThat(fits.bytes()).isEqualTo(exact);

        BatchPlanner tooSmall = new BatchPlanner(envelope, 1000, exact - 1);
        assertThat(tooSmall.offer(a.length)).isEqualTo(Offer.ADDED);
        assertThat(tooSmall.offer(b.length)).isEqualTo(Offer.FULL);

        byte[] oneMore = data(31);
        BatchPlanner oneByteOver = new BatchPlanner(envelope, 1000, exact);
        oneByteOver.offer(a.length);
        assertThat(oneByteOver.offer(oneMore.length)).isEqualTo(Offer.FULL);
    }

    @Test
    void aRecordThatCannotFitAloneIsTooLarge() {
        byte[] big = data(500);
        int alone = bodyBytes(big);
        assertThat(new BatchPlanner(envelope, 10, alone).offer(big.length)).isEqualTo(Offer.ADDED);
        assertThat(new BatchPlanner(envelope, 10, alone - 1).offer(big.length)).isEqualTo(Offer.TOO_LARGE);
    }

    @Test
    void plannedSizeIsTheRealEncodedSizeAcrossIdDigitBoundaries() {
        BatchPlanner planner = new BatchPlanner(envelope, 2000, Integer.MAX_VALUE);
        byte[][] records = new byte[1001][];
        int[] indices = new int[records.length];
        for (int i = 0; i < records.length; i++) {
            records[i] = data(i % 7);
            indices[i] = i;
            planner.offer(records[i].length);
        }
        assertThat(planner.bytes()).isEqualTo(bodyBytes(records));
        assertThat(envelope.encode(records, indices, 0, records.length)).hasSize(bodyBytes(records));
    }

    @Test
    void decimalDigitsMatchTheDecimalString() {
        for (int n : new int[] {0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 99999, 100000, 999999, 1000000,
                123456789, 999999999, 1000000000, Integer.MAX_VALUE}) {
            assertThat(Envelope.decimalDigits(n)).as("digits of %d", n).isEqualTo(Integer.toString(n).length());
        }
    }

    @Test
    void encodedBatchIsTheProtocolEnvelopeWithPositionalIds() throws Exception {
        byte[][] records = {data(1), data(2), data(3)};
        byte[] body = envelope.encode(records, new int[] {2, 0}, 0, 2);
        JsonNode json = JSON.readTree(body);
        assertThat(json.get("operation").asText()).isEqualTo("translate");
        assertThat(json.get("params").get("targetNamespace").asText()).isEqualTo("acme-media");
        assertThat(json.get("records")).hasSize(2);
        assertThat(json.get("records").get(0).get("id").asText()).isEqualTo("0");
        assertThat(json.get("records").get(0).get("data").get("value").asText()).isEqualTo("xxx");
        assertThat(json.get("records").get(1).get("id").asText()).isEqualTo("1");
        assertThat(json.get("records").get(1).get("data").get("value").asText()).isEqualTo("x");
    }

    @Test
    void customValuesAreJsonEscaped() throws Exception {
        byte[] d = RecordData.translate(dev.embeddedservice.IdentifierType.CUSTOM, "quote\" back\\ é \n");
        assertThat(JSON.readTree(d).get("value").asText()).isEqualTo("quote\" back\\ é \n");
    }
}
