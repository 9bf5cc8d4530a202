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

/**
 * Translates one partition of the shuffled keys and answers every key: all the partition's keys
 * go, in the order they arrived, through one {@code translateStream} of the executor's client,
 * whose exact whole-stream de-duplication sends each distinct wire form once (every key of one
 * identifier is in this partition: {@link KeyPartitioner}), plans exact batches and keeps the
 * executor's invocations within its {@code maxConcurrency}. The client answers in input order, so
 * the n-th answer is the n-th key's; each chunk's answers, with their rows' positions and
 * fingerprints, become one bundle of row answers ({@link ResultCodec#bundle}): what is kept is a few large
 * records, cheap for any serializer. The partition streams: nothing but a few chunks of keys is held here.
 *
 * <p>Spark's input iterator is only ever touched by the task's own thread (Spark's shuffle readers
 * need the task context of that thread). {@code translateStream} runs on a helper thread; the task
 * thread pumps: it hands the helper chunks of identifiers while there is room, and takes back
 * chunks of answers, never blocking on one queue while the other could move. The helper checks
 * each answer's wire type against the identifier it was sent for.
 */
final class KeyTranslator implements Iterator<byte[]> {

    private static final int CHUNK = 512;
    private static final Object END = new Object();
    private static final IdentifierType[] TYPES = IdentifierType.values();

    private final Iterator<byte[]> keys;
    private final BlockingQueue<Object> toClient = new ArrayBlockingQueue<>(8);
    private final BlockingQueue<Object> fromClient = new ArrayBlockingQueue<>(8);
    /** Chunks handed to the helper whose rows are not all answered yet, oldest first. */
    private final ArrayDeque<Fed> awaiting = new ArrayDeque<>();
    private final Thread helper;
    private boolean endSent;
    private boolean outputDone;
    private Iterator<byte[]> current = Collections.emptyIterator();

    /** A failure of the helper thread, handed to the task thread. */
    private record Failure(Throwable cause) {
    }

    /** A chunk of keys handed to the helper: their identifiers and their rows' positions and fingerprints. */
    private static final class Fed {
        final Identifier[] ids = new Identifier[CHUNK];
        final long[] positions = new long[CHUNK];
        final long[] fingerprints = new long[CHUNK];
        int size;
        int answered;
    }

    KeyTranslator(Iterator<byte[]> keys, EmbeddedServiceClient client, String namespace, String name) {
        this.keys = keys;
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

    /** Hands the helper the next chunk of identifiers, or the end. Never blocks: there is room. */
    private void feed() {
        Fed fed = new Fed();
        while (fed.size < CHUNK && keys.hasNext()) {
            byte[] key = keys.next();
            fed.ids[fed.size] = Identifier.of(TYPES[KeyExtractor.type(key)], KeyExtractor.value(key));
            fed.positions[fed.size] = KeyExtractor.position(key);
            fed.fingerprints[fed.size] = KeyExtractor.fingerprint(key);
            fed.size++;
        }
        if (fed.size > 0) {
            awaiting.add(fed);
            toClient.add(fed.size == CHUNK ? fed.ids : Arrays.copyOf(fed.ids, fed.size));
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
            current = List.of(answerRows((byte[][]) o)).iterator();
        }
    }

    /** Gives each answer, in order, to the row of the key it answers; the chunk's row answers in one bundle. */
    private byte[] answerRows(byte[][] answers) {
        long[] positions = new long[answers.length];
        long[] fingerprints = new long[answers.length];
        for (int i = 0; i < answers.length; i++) {
            Fed fed = awaiting.peek();
            if (fed == null) {
                throw new IllegalStateException("the client answered more identifiers than it was given");
            }
            int r = fed.answered++;
            positions[i] = fed.positions[r];
            fingerprints[i] = fed.fingerprints[r];
            if (fed.answered == fed.size) {
                awaiting.poll();
            }
        }
        return ResultCodec.bundle(positions, fingerprints, answers);
    }

    /** The helper thread: one translateStream over the partition's identifiers. */
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
