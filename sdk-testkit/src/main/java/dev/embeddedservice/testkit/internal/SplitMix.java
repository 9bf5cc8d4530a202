package dev.embeddedservice.testkit.internal;

/**
 * Stateless seeded randomness (SplitMix64 finalizer): the value for (seed, stream, index) is a pure function of
 * those three, so decisions keyed by an invocation number do not depend on thread interleaving.
 */
final class SplitMix {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    /** The SplitMix64 finalizer: a bijective, well-mixed function of {@code z}. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A well-mixed 64-bit value for ({@code seed}, {@code stream}, {@code index}). */
    static long value(long seed, long stream, long index) {
        return mix64(mix64(seed + GOLDEN * (stream + 1)) + GOLDEN * index);
    }

    /** A uniform double in [0, 1) from a mixed value. */
    static double unit(long mixed) {
        return (mixed >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in [0, bound) from a mixed value. */
    static int below(long mixed, int bound) {
        return (int) Math.floorMod(mixed, (long) bound);
    }
}
