package dev.embeddedservice.spark.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.spark.SparkTranslateOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor JVM's clients: one per distinct {@link SparkTranslateOptions#clientKey()}, built
 * lazily by the first task that needs it and shared by every later task of the executor, so that
 * an executor activates once per token lifetime and its invocations in flight stay within the
 * client's {@code maxConcurrency}. Closed when the JVM exits.
 */
public final class ExecutorClients {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorClients.class);
    private static final Map<String, EmbeddedServiceClient> CLIENTS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorClients::closeAll, "esvc-spark-clients-shutdown"));
    }

    private ExecutorClients() {
    }

    /** The executor's client for these options, built on first use. */
    public static EmbeddedServiceClient get(SparkTranslateOptions options) {
        return CLIENTS.computeIfAbsent(options.clientKey(), key -> {
            LOG.info("building the embedded-service client of this executor ({})", options);
            return options.buildClient();
        });
    }

    /** Closes and forgets every client of this JVM (at exit; tests that replace their emulator). */
    public static void closeAll() {
        for (String key : CLIENTS.keySet()) {
            EmbeddedServiceClient client = CLIENTS.remove(key);
            if (client != null) {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing an embedded-service client failed: {}", e.getClass().getSimpleName());
                }
            }
        }
    }
}
