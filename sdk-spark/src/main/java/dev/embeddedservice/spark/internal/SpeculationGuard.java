package dev.embeddedservice.spark.internal;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.SparkTranslateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to translate with {@code spark.speculation} on, unless the options accept the cost: a
 * speculative copy of a translating task calls the endpoint again, and every record it sends is
 * billed again.
 */
public final class SpeculationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SpeculationGuard.class);
    private static final String WHY = "spark.speculation is on: a speculative copy of a translating task calls the "
            + "endpoint again, and the records it sends are billed again";

    private SpeculationGuard() {
    }

    /**
     * @param speculation the SparkContext's {@code spark.speculation}
     * @throws InvalidConfigurationException when speculation is on and not allowed
     */
    public static void check(boolean speculation, SparkTranslateOptions options) {
        if (!speculation) {
            return;
        }
        if (!options.allowSpeculation()) {
            throw new InvalidConfigurationException(WHY + ". Turn speculation off for this job, or accept the cost "
                    + "with SparkTranslateOptions.Builder.allowSpeculation(true)");
        }
        LOG.warn("{} (allowed by allowSpeculation)", WHY);
    }
}
