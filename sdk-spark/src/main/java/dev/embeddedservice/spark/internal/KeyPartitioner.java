package dev.embeddedservice.spark.internal;

import org.apache.spark.Partitioner;

/**
 * Sends each key ({@link KeyExtractor}) to a partition chosen by its wire form alone, so that every
 * row of one identifier, from anywhere in the input, meets in one translating partition.
 */
final class KeyPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final int partitions;

    KeyPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return Math.floorMod(KeyExtractor.wireHash((byte[]) key), partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return 31 + partitions;
    }
}
