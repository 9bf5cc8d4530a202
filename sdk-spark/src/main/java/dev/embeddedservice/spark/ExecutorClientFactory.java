package dev.embeddedservice.spark;

import dev.embeddedservice.EmbeddedServiceClient;
import java.io.Serializable;

/**
 * Builds the one {@link EmbeddedServiceClient} of an executor JVM, from a builder already configured
 * with the {@link SparkTranslateOptions}. It runs on the executor, once per executor and options,
 * so it is shipped there: it must be serializable, and what it captures too. Give one when the
 * executors need something that is not a plain setting: AWS credentials other than the default
 * chain, a metrics listener, retry settings.
 *
 * <pre>{@code
 * SparkTranslateOptions options = SparkTranslateOptions.builder()
 *         .productCode("prod-4x2kq7")
 *         .clientFactory(builder -> builder
 *                 .overrideConfiguration(o -> o.deadline(Duration.ofMinutes(5)))
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>The client it returns belongs to the executor: it is shared by the executor's tasks and closed
 * when the executor JVM exits.
 */
@FunctionalInterface
public interface ExecutorClientFactory extends Serializable {

    /** The factory that builds the client exactly as configured. */
    ExecutorClientFactory DEFAULT = EmbeddedServiceClient.Builder::build;

    /**
     * Builds the executor's client.
     *
     * @param configured a builder holding the options' settings and the license key read on the executor
     */
    EmbeddedServiceClient create(EmbeddedServiceClient.Builder configured);
}
