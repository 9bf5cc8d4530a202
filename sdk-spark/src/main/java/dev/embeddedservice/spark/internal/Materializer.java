package dev.embeddedservice.spark.internal;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.Materialization;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the answers of the translated identifiers' rows once, now, and keeps them: on the executors' local
 * disks always, and in the checkpoint directory too when asked (or, for {@code AUTO}, when the
 * SparkContext has one). The disk copy comes first so that the checkpoint is written from it and
 * not by translating again (Spark writes a checkpoint in a job of its own).
 */
final class Materializer {

    private static final Logger LOG = LoggerFactory.getLogger(Materializer.class);

    private Materializer() {
    }

    static void apply(JavaRDD<byte[]> translated, Materialization mode) {
        boolean hasDir = translated.context().getCheckpointDir().isDefined();
        boolean checkpoint = mode == Materialization.CHECKPOINT
                || (mode == Materialization.AUTO && hasDir);
        if (checkpoint && !hasDir) {
            throw new InvalidConfigurationException("materialization CHECKPOINT needs a checkpoint directory: "
                    + "call SparkContext.setCheckpointDir first");
        }
        translated.setName("embedded-service row answers");
        translated.persist(StorageLevel.DISK_ONLY());
        if (checkpoint) {
            translated.checkpoint();
        }
        long bundles = translated.count();
        LOG.info("translated the identifiers, their row answers kept in {} bundles on local disk{}", bundles,
                checkpoint ? " and in the checkpoint directory" : "");
    }
}
