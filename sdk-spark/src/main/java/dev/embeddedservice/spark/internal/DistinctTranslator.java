package dev.embeddedservice.spark.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
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
 * Translates one partition of the grouped keys (sorted by wire type and value, so equal wire forms
 * are adjacent): each distinct wire form is sent once, through the executor's client's
 * {@code translateStream}, which plans exact batches and keeps the executor's invocations within
 * its {@code maxConcurrency}. The partition streams: nothing but a few chunks is held in memory.
 *
 * <p>Spark's input iterator is only ever touched by the task's own thread (Spark's sorters and
 * shuffle readers need the task context of that thread). {@code translateStream} runs on a helper
 * thread; the task thread pumps: it hands the helper chunks of distinct identifiers while there is
 * room, and takes back chunks of results, never blocking on one queue while the other could move.
 */
final class DistinctTranslator implements Iterator<byte[]> {

    private static final int CHUNK = 512;
    private static final Object END = new Object();
    private static final IdentifierType[] TYPES = IdentifierType.values();

    private final Iterator<Row> grouped;
    private final BlockingQueue<Object> toClient = new ArrayBlockingQueue<>(8);
    private final BlockingQueue<Object> fromClient = new ArrayBlockingQueue<>(8);
    private final Thread helper;
    private boolean endSent;
    private boolean outputDone;
    private Iterator<byte[]> current = Collections.emptyIterator();
    private byte lastType = -1;
    private String lastValue;

    /** A failure of the helper thread, handed to the task thread. */
    private record Failure(Throwable cause) {
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

    /** Hands the helper the next chunk of distinct identifiers, or the end. Never blocks: there is room. */
    private void feed() {
        Identifier[] chunk = new Identifier[CHUNK];
        int n = 0;
        while (n < CHUNK && grouped.hasNext()) {
            Row row = grouped.next();
            byte type = row.getByte(0);
            String value = row.getString(1);
            if (type != lastType || !value.equals(lastValue)) {
                lastType = type;
                lastValue = value;
                chunk[n++] = Identifier.of(TYPES[type], value);
            }
        }
        if (n > 0) {
            toClient.add(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
        } else {
            toClient.add(END);
            endSent = true;
        }
    }

    private void take(Object o) {
        if (o == END) {
            outputDone = true;
        } else if (o instanceof Failure f) {
            outputDone = true;
            if (f.cause() instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("translating a partition failed", f.cause());
        } else {
            current = Arrays.asList((byte[][]) o).iterator();
        }
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
                out.add(ResultCodec.translated((byte) id.type().ordinal(), id.value(), result));
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
