package dev.embeddedservice.auth;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor for background refreshes that the test can wait on: {@link #awaitIdle} returns once
 * every task handed to it has finished. Runs tasks on its own threads, closed by {@link #close()}.
 */
public final class TrackingExecutor implements Executor, AutoCloseable {

    private final ExecutorService delegate = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-refresh");
        t.setDaemon(true);
        return t;
    });
    private final Object monitor = new Object();
    private int pending;
    private int submitted;

    @Override
    public void execute(Runnable command) {
        synchronized (monitor) {
            pending++;
            submitted++;
        }
        delegate.execute(() -> {
            try {
                command.run();
            } finally {
                synchronized (monitor) {
                    pending--;
                    monitor.notifyAll();
                }
            }
        });
    }

    /** How many tasks were handed to this executor so far. */
    public int submitted() {
        synchronized (monitor) {
            return submitted;
        }
    }

    /** Waits until no task is pending or running. */
    public void awaitIdle(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (pending > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException(pending + " refresh tasks still running");
                }
                monitor.wait(left);
            }
        }
    }

    @Override
    public void close() {
        delegate.shutdownNow();
        try {
            delegate.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
