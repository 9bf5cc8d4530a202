package dev.embeddedservice.spark.internal;

/** A row's place in the input: its partition and its index in the partition, in one long. */
final class Positions {

    /** The most rows an input partition may hold: its answers are placed in one array ({@link RowAnswers}). */
    static final long MAX_ROWS = Integer.MAX_VALUE - 8;

    private Positions() {
    }

    static long of(int partition, long index) {
        if (index >= MAX_ROWS) {
            throw new IllegalStateException("an input partition holds more than " + MAX_ROWS + " rows; repartition the input");
        }
        return ((long) partition << 32) | index;
    }

    static int partition(long position) {
        return (int) (position >>> 32);
    }

    static long index(long position) {
        return position & 0xffffffffL;
    }
}
