package dev.embeddedservice.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.internal.BatchPlanner;
import dev.embeddedservice.internal.Chunk;
import dev.embeddedservice.internal.DecodedBatch;
import dev.embeddedservice.internal.EncodedInputs;
import dev.embeddedservice.internal.ProtocolViolation;
import dev.embeddedservice.internal.ResponseDecoder;
import dev.embeddedservice.internal.Sha256Hex;
import dev.embeddedservice.internal.TranslateCodec;
import dev.embeddedservice.internal.TranslatedIdDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per record, at 1,000 records per batch: planning plus JSON encoding of a batch (records
 * encoded beforehand, de-duplicated, cut by the planner, assembled into the body), and decoding
 * plus matching of the answer (streaming parse, ids checked and matched to positions).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchCodecBenchmark {

    private static final int RECORDS = 1000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final TranslateCodec codec = TranslateCodec.create("acme-media", "US");
    private final ResponseDecoder decoder = new ResponseDecoder(mapper.getFactory());
    private final String[] hashes = new String[RECORDS];
    private final EncodedInputs<Object, TranslateResult> records = new EncodedInputs<>(RECORDS);
    private final int[] positions = new int[RECORDS];
    private byte[] response;

    @Setup
    public void setUp() {
        for (int i = 0; i < RECORDS; i++) {
            positions[i] = i;
        }
        List<String> results = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            hashes[i] = Sha256Hex.of("customer" + i + "@example.com");
            codec.encode(Identifier.emailSha256(hashes[i]), records, i);
            String h = Sha256Hex.of("acme-media|EMAIL_SHA256|" + hashes[i]);
            results.add(h.startsWith("f") ? "{\"id\":\"" + i + "\",\"status\":\"NOT_FOUND\"}"
                    : "{\"id\":\"" + i + "\",\"status\":\"OK\",\"data\":{\"translatedId\":\"tk_" + h.substring(0, 32) + "\"}}");
        }
        Collections.shuffle(results, new Random(1));
        response = ("{\"results\":[" + String.join(",", results) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public byte[] planAndEncode() {
        Chunk<Object, TranslateResult> chunk = new Chunk<>(codec.envelope(), RECORDS, 6_291_456, RECORDS, null);
        for (int i = 0; i < RECORDS; i++) {
            if (chunk.add(records, i) == BatchPlanner.Offer.FULL) {
                throw new IllegalStateException("one batch expected");
            }
        }
        chunk.cutBatch();
        return codec.envelope().encode(chunk.batches().get(0).data(), positions, 0, RECORDS);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public DecodedBatch<Object> decodeAndMatch() throws ProtocolViolation {
        return decoder.decode(response, RECORDS, TranslatedIdDecoder.INSTANCE);
    }
}
