package dev.embeddedservice.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark for every test class of the module (a JVM holds one SparkContext): two cores,
 * a failed task tried up to four times (plain {@code local[2]} never retries one), an event log to
 * scan for secrets, a checkpoint directory, and the license key in the Spark configuration entry
 * that {@link SparkTranslateOptions} reads by default.
 */
final class SharedSpark {

    static final Path DIR = Path.of(System.getProperty("spark.test.dir", "target/spark-test")).toAbsolutePath();
    static final Path EVENT_LOG = DIR.resolve("events");
    static final Path CHECKPOINTS = DIR.resolve("checkpoints");

    private static SparkSession session;

    private SharedSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            try {
                // Only this run's event logs are scanned: an earlier build's would satisfy or fail a test stale.
                if (Files.exists(EVENT_LOG)) {
                    try (Stream<Path> old = Files.walk(EVENT_LOG)) {
                        for (Path p : (Iterable<Path>) old.sorted(Comparator.reverseOrder())::iterator) {
                            Files.delete(p);
                        }
                    }
                }
                Files.createDirectories(EVENT_LOG);
                Files.createDirectories(CHECKPOINTS);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            session = SparkSession.builder()
                    .appName("sdk-spark-tests")
                    .master("local[2,4]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.eventLog.enabled", "true")
                    .config("spark.eventLog.dir", EVENT_LOG.toUri().toString())
                    .config(SparkTranslateOptions.DEFAULT_LICENSE_KEY_CONF, Emulators.LICENSE_KEY)
                    .getOrCreate();
            session.sparkContext().setCheckpointDir(CHECKPOINTS.toUri().toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }
}
