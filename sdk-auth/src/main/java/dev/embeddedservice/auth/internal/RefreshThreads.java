package dev.embeddedservice.auth.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor of background refreshes: at most one daemon thread, started on demand and
 * ended after a minute idle, named {@code embedded-service-token-refresh-N}. {@link #close()}
 * stops it and waits until its thread has really ended, so no thread outlives the provider.
 */
final class RefreshThreads implements Executor, AutoCloseable {

    /** The prefix of every thread this class starts. */
    public static final String THREAD_NAME_PREFIX = "embedded-service-token-refresh-";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor executor;

    RefreshThreads() {
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + SEQUENCE.incrementAndGet());
            thread.setDaemon(true);
            started.add(thread);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    /** Stops the thread, interrupting a refresh in progress, and waits for it to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            for (Thread thread : started) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    thread.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
