package dev.embeddedservice.spark.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;

/**
 * Translates one partition of the grouped keys (sorted by wire value and type, so equal wire forms
 * are adjacent) and answers every key: each distinct wire form is sent once, through the executor's
 * client's {@code translateStream}, which plans exact batches and keeps the executor's invocations
 * within its {@code maxConcurrency}; its answer is then given to each of the rows that carry it, as
 * a row answer ({@link ResultCodec#rowAnswer}) ready for the trip back. The partition streams:
 * nothing but a few chunks of distinct identifiers, with the positions of their rows, is held.
 *
 * <p>Spark's input iterator is only ever touched by the task's own thread (Spark's sorters and
 * shuffle readers need the task context of that thread). {@code translateStream} runs on a helper
 * thread; the task thread pumps: it hands the helper chunks of distinct identifiers while there is
 * room, and takes back chunks of answers, never blocking on one queue while the other could move.
 * The client answers in input order, so the n-th answer is the n-th distinct identifier's; the
 * helper checks each answer's wire type against the identifier it was sent for.
 */
final class DistinctTranslator implements Iterator<byte[]> {

    private static final int CHUNK = 512;
    private static final Object END = new Object();
    private static final IdentifierType[] TYPES = IdentifierType.values();

    private final Iterator<Row> grouped;
    private final BlockingQueue<Object> toClient = new ArrayBlockingQueue<>(8);
    private final BlockingQueue<Object> fromClient = new ArrayBlockingQueue<>(8);
    /** Chunks handed to the helper whose rows are not all answered yet, oldest first. */
    private final ArrayDeque<Fed> awaiting = new ArrayDeque<>();
    private final Thread helper;
    private boolean endSent;
    private boolean outputDone;
    private Iterator<byte[]> current = Collections.emptyIterator();
    private Row pending;
    private byte lastType = -1;
    private String lastValue;

    /** A failure of the helper thread, handed to the task thread. */
    private record Failure(Throwable cause) {
    }

    /** A chunk of distinct identifiers and the rows (position, fingerprint) behind each, in order. */
    private static final class Fed {
        final Identifier[] ids = new Identifier[CHUNK];
        final int[] rowsEnd = new int[CHUNK];
        long[] positions = new long[CHUNK];
        long[] fingerprints = new long[CHUNK];
        int distinct;
        int rows;
        int answered;

        void addDistinct(Identifier id) {
            ids[distinct++] = id;
        }

        void addRow(long position, long fingerprint) {
            if (rows == positions.length) {
                positions = Arrays.copyOf(positions, rows * 2);
                fingerprints = Arrays.copyOf(fingerprints, rows * 2);
            }
            positions[rows] = position;
            fingerprints[rows] = fingerprint;
            rows++;
            rowsEnd[distinct - 1] = rows;
        }
    }

    DistinctTranslator(Iterator<Row> grouped, EmbeddedServiceClient client, String namespace, String name) {
        this.grouped = grouped;
        this.helper = new Thread(() -> translate(client, namespace), name);
        helper.setDaemon(true);
        helper.start();
    }

    @Override
    public boolean hasNext() {
        try {
            while (!current.hasNext()) {
                if (outputDone) {
                    return false;
                }
                Object o = fromClient.poll();
                if (o == null && !endSent && toClient.remainingCapacity() > 0) {
                    feed();
                    continue;
                }
                if (o == null) {
                    o = fromClient.poll(2, TimeUnit.MILLISECONDS);
                }
                if (o != null) {
                    take(o);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while translating a partition", e);
        }
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    /** Stops the helper thread (the task ended, failed or was killed). */
    void close() {
        helper.interrupt();
    }

    /**
     * Hands the helper the next chunk of distinct identifiers, or the end. Never blocks: there is
     * room. A chunk ends before a new distinct identifier, so all the rows of an identifier are in
     * its chunk.
     */
    private void feed() {
        Fed fed = new Fed();
        while (true) {
            Row row = pending;
            pending = null;
            if (row == null) {
                if (!grouped.hasNext()) {
                    break;
                }
                row = grouped.next();
            }
            byte type = row.getByte(0);
            String value = row.getString(1);
            if (fed.distinct == 0 || type != lastType || !value.equals(lastValue)) {
                if (fed.distinct == CHUNK) {
                    pending = row;
                    break;
                }
                lastType = type;
                lastValue = value;
                fed.addDistinct(Identifier.of(TYPES[type], value));
            }
            fed.addRow(row.getLong(2), row.getLong(3));
        }
        if (fed.distinct > 0) {
            awaiting.add(fed);
            toClient.add(fed.distinct == CHUNK ? fed.ids : Arrays.copyOf(fed.ids, fed.distinct));
        } else {
            toClient.add(END);
            endSent = true;
        }
    }

    private void take(Object o) {
        if (o == END) {
            if (!awaiting.isEmpty()) {
                throw new IllegalStateException("the client ended the stream before answering every identifier");
            }
            outputDone = true;
        } else if (o instanceof Failure f) {
            outputDone = true;
            if (f.cause() instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("translating a partition failed", f.cause());
        } else {
            current = answerRows((byte[][]) o).iterator();
        }
    }

    /** Gives each answer, in order, to the rows of the distinct identifier it answers. */
    private List<byte[]> answerRows(byte[][] answers) {
        List<byte[]> out = new ArrayList<>(answers.length * 2);
        for (byte[] answer : answers) {
            Fed fed = awaiting.peek();
            if (fed == null) {
                throw new IllegalStateException("the client answered more identifiers than it was given");
            }
            int d = fed.answered;
            for (int r = d == 0 ? 0 : fed.rowsEnd[d - 1]; r < fed.rowsEnd[d]; r++) {
                out.add(ResultCodec.rowAnswer(fed.positions[r], fed.fingerprints[r], answer));
            }
            if (++fed.answered == fed.distinct) {
                awaiting.poll();
            }
        }
        return out;
    }

    /** The helper thread: one translateStream over the partition's distinct identifiers. */
    private void translate(EmbeddedServiceClient client, String namespace) {
        Queue<Identifier> sent = new ConcurrentLinkedQueue<>();
        List<byte[]> out = new ArrayList<>(CHUNK);
        try {
            Iterator<Identifier> input = new Iterator<>() {
                private Identifier[] chunk;
                private int pos;

                @Override
                public boolean hasNext() {
                    while (chunk == null || pos == chunk.length) {
                        Object o = takeInput();
                        if (o == END) {
                            return false;
                        }
                        chunk = (Identifier[]) o;
                        pos = 0;
                    }
                    return true;
                }

                @Override
                public Identifier next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Identifier id = chunk[pos++];
                    sent.add(id);
                    return id;
                }
            };
            client.translateStream(input, namespace, result -> {
                Identifier id = sent.remove();
                if (result.type() != id.type().wireType()) {
                    throw new IllegalStateException("an answer of wire type " + result.type()
                            + " came for an identifier of wire type " + id.type().wireType());
                }
                out.add(ResultCodec.answer(result));
                if (out.size() == CHUNK) {
                    handOver(out);
                }
            });
            if (!out.isEmpty()) {
                handOver(out);
            }
            fromClient.put(END);
        } catch (Throwable t) {
            if (!fromClient.offer(new Failure(t))) {
                fromClient.clear();
                fromClient.offer(new Failure(t));
            }
        }
    }

    private Object takeInput() {
        try {
            return toClient.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the task stopped while its partition was being translated", e);
        }
    }

    private void handOver(List<byte[]> out) {
        try {
            fromClient.put(out.toArray(new byte[0][]));
            out.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the task stopped while its partition was being translated", e);
        }
    }
}
