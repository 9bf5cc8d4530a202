package dev.embeddedservice.spark.internal;

import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.spark.SparkTranslateOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Where an executor reads the license key from. The key itself never travels with the options, so
 * it is in no task, plan, log line or event log; messages name the place, never the key.
 */
public enum LicenseKeySource {
    /** {@link SparkTranslateOptions#DEFAULT_LICENSE_KEY_CONF} when set, else the environment variable. */
    DEFAULT {
        @Override
        public String read(String location) {
            String fromConf = SPARK_CONF.read(SparkTranslateOptions.DEFAULT_LICENSE_KEY_CONF);
            return fromConf != null ? fromConf : ENVIRONMENT.read(ActivationConfig.ENV_LICENSE_KEY);
        }
    },
    /** A Spark configuration entry of the executor's SparkEnv. */
    SPARK_CONF {
        @Override
        public String read(String location) {
            SparkEnv env = SparkEnv.get();
            if (env == null || !env.conf().contains(location)) {
                return null;
            }
            return blankToNull(env.conf().get(location));
        }
    },
    /** An environment variable of the executor. */
    ENVIRONMENT {
        @Override
        public String read(String location) {
            return blankToNull(System.getenv(location));
        }
    },
    /** A file: an absolute path on the executor, or a name shipped with {@code spark-submit --files}. */
    FILE {
        @Override
        public String read(String location) {
            Path path = Path.of(location);
            if (!path.isAbsolute() || !Files.isRegularFile(path)) {
                Path shipped = SparkEnv.get() == null ? null : Path.of(SparkFiles.get(path.getFileName().toString()));
                if (shipped != null && Files.isRegularFile(shipped)) {
                    path = shipped;
                }
            }
            try {
                String key = blankToNull(Files.readString(path, StandardCharsets.UTF_8));
                if (key == null) {
                    throw new InvalidConfigurationException("the license key file " + location + " is empty");
                }
                return key;
            } catch (IOException e) {
                throw new InvalidConfigurationException("cannot read the license key file " + location + " on executor "
                        + executorId() + ": " + e.getClass().getSimpleName());
            }
        }
    };

    /** The key, or null when this source has none (the client then activates without one). */
    public abstract String read(String location);

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }
}
