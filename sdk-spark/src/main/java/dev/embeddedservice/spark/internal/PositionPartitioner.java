package dev.embeddedservice.spark.internal;

import org.apache.spark.Partitioner;

/**
 * Sends each row answer (the key, see {@link ResultCodec}) to the partition of the input row it
 * belongs to ({@link Positions#partition}).
 */
final class PositionPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final int partitions;

    PositionPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return Positions.partition(ResultCodec.position((byte[]) key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
