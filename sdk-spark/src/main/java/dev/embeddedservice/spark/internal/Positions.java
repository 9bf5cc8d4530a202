package dev.embeddedservice.spark.internal;

/** A row's place in the input: its partition and its index in the partition, in one long. */
final class Positions {

    private Positions() {
    }

    static long of(int partition, long index) {
        if (index > 0xffffffffL) {
            throw new IllegalStateException("an input partition holds more than 4,294,967,295 rows; repartition the input");
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
