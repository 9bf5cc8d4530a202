package dev.embeddedservice.spark;

/**
 * Where {@link EmbeddedServiceSpark#translate} keeps the answers of the rows it translated, computed
 * once when it is called, so that later actions on the returned Dataset never call the endpoint
 * again; see {@link SparkTranslateOptions.Builder#materialization(Materialization)}.
 */
public enum Materialization {
    /** {@link #CHECKPOINT} when the SparkContext has a checkpoint directory, {@link #LOCAL_DISK} otherwise. */
    AUTO,
    /**
     * On the executors' local disks and in the checkpoint directory: survives lost executors, and
     * later actions never call the endpoint again. Needs {@code SparkContext.setCheckpointDir}.
     */
    CHECKPOINT,
    /**
     * On the executors' local disks only: a block lost with its executor is computed again, and its
     * identifiers are billed again.
     */
    LOCAL_DISK
}
