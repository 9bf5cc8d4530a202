package dev.embeddedservice.lambda.internal;

import java.util.Objects;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object per Lambda execution environment, built on first use and kept across warm
 * invocations: the proxy's client (with its token cache and connection pool) or the authorizer's
 * token provider.
 *
 * <p>It is a SnapStart (CRaC) resource. {@link #beforeCheckpoint} closes and forgets the object, so
 * that no token, license key or open connection is baked into a snapshot that many environments
 * restore; {@link #afterRestore} does nothing at all (no network call within the 10 s restore hook),
 * and the first invocation after a restore builds the object again, and so activates.
 *
 * <p>Thread-safe: the hot path is one volatile read.
 *
 * @param <T> what is kept
 */
public final class EnvironmentScoped<T extends AutoCloseable> implements Resource, Supplier<T> {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentScoped.class);

    private final String name;
    private final Supplier<? extends T> factory;
    private volatile T value;

    private EnvironmentScoped(String name, Supplier<? extends T> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** A holder not registered for checkpoints (tests call the hooks themselves). */
    public static <T extends AutoCloseable> EnvironmentScoped<T> of(String name, Supplier<? extends T> factory) {
        return new EnvironmentScoped<>(name, factory);
    }

    /**
     * A holder registered with the JVM's global CRaC context, so SnapStart calls its hooks. The
     * context keeps only a weak reference: keep the holder in a static field.
     */
    public static <T extends AutoCloseable> EnvironmentScoped<T> registered(String name, Supplier<? extends T> factory) {
        EnvironmentScoped<T> holder = new EnvironmentScoped<>(name, factory);
        Core.getGlobalContext().register(holder);
        return holder;
    }

    /** The object, built now if this environment has none yet (or none since the last checkpoint). */
    @Override
    public T get() {
        T current = value;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (value == null) {
                value = factory.get();
                log.debug("{}: built for this execution environment", name);
            }
            return value;
        }
    }

    /** Whether the object is built. */
    public boolean isBuilt() {
        return value != null;
    }

    /** Closes and forgets the object; the next {@link #get()} builds a new one. */
    public synchronized void drop() {
        T current = value;
        value = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.warn("{}: closing failed ({})", name, e.getClass().getSimpleName());
            }
        }
    }

    /** SnapStart: forget the token and close connections before the snapshot is taken. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        drop();
        log.info("{}: dropped before checkpoint", name);
    }

    /** SnapStart: nothing to do; the first invocation after the restore builds anew (no network call here). */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        log.info("{}: restored; the next invocation activates", name);
    }

    @Override
    public String toString() {
        return "EnvironmentScoped[" + name + ", built=" + isBuilt() + "]";
    }
}
