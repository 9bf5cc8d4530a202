package dev.embeddedservice.examples;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM during a run, through a JVM shutdown hook: the hook asks the run to stop and
 * waits for it to settle. The run stops reading input (its guarded iterator throws
 * {@link Interrupted}); the SDK then lets the batches already sent finish and delivers their results,
 * which are written, so nothing billed is thrown away; the run keeps its partial output, says so and
 * {@linkplain #settled() settles}. Should that take longer than the grace period (a hung network), the
 * hook itself keeps the complete rows written so far and lets the JVM end.
 *
 * <p>Tests call {@link #request()} from a row hook instead of sending a signal.
 */
final class Interruption {

    /** How long the hook waits for the batches in flight to be answered and written. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** Thrown by the guarded input once a stop was asked for. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    private volatile boolean requested;
    private final CountDownLatch settled = new CountDownLatch(1);
    private Thread hook;

    /** Asks the run to stop reading input. */
    void request() {
        requested = true;
    }

    boolean requested() {
        return requested;
    }

    /** {@code input}, ending with {@link Interrupted} once a stop was asked for. */
    <T> Iterator<T> guard(Iterator<T> input) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (requested) {
                    throw new Interrupted();
                }
                return input.hasNext();
            }

            @Override
            public T next() {
                return input.next();
            }
        };
    }

    /**
     * Installs the shutdown hook.
     *
     * @param onTimeout what the hook does itself when the run has not settled within {@link #GRACE}
     */
    void install(Runnable onTimeout) {
        hook = new Thread(() -> {
            request();
            try {
                if (!settled.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    onTimeout.run();
                }
            } catch (InterruptedException e) {
                onTimeout.run();
            }
        }, "esvc-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run has kept what it had and said so: the hook may let the JVM end. */
    void settled() {
        settled.countDown();
    }

    /** Removes the hook at the end of a run (not possible, nor needed, once the JVM is shutting down). */
    void uninstall() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            hook = null;
        }
    }
}
