package dev.embeddedservice.spark.internal;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code TranslateJob}: the flags of {@code esvc translate}, plus
 * {@code --master} and {@code --format}. A bad flag is an {@link InvalidConfigurationException}
 * naming it (exit code 2).
 */
public record JobArguments(String input, String output, IdentifierType type, String format, String targetNamespace,
                           String activationUrl, String productCode, String licenseKeyFile, String endpointUrl,
                           String region, String endpointName, Integer concurrency, String master, boolean reasons) {

    private static final Set<String> VALUED = Set.of("--input", "--output", "--type", "--format", "--target-namespace",
            "--activation-url", "--product-code", "--license-key-file", "--endpoint-url", "--region", "--endpoint-name",
            "--concurrency", "--master");

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: TranslateJob --input FILE --output DIR [--type email|phone|maid|email_sha256|phone_sha256|custom]",
            "           [--format text|csv|parquet] [--target-namespace NS] [--master URL] [--reasons]",
            "           [--activation-url URL --product-code CODE [--license-key-file FILE]]",
            "           [--endpoint-url URL] [--region REGION] [--endpoint-name NAME] [--concurrency N]",
            "Input: one identifier per line of --type (text), or a CSV or Parquet file with a column 'value'",
            "(and optionally 'type', per row) or a single column. Output: CSV part files in DIR with the header",
            "row,type,status,translated_id, rows in input order. Without --activation-url it runs on the",
            "embedded emulator.");

    public static JobArguments parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean reasons = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--reasons")) {
                reasons = true;
            } else if (flag.equals("--license-key")) {
                throw new InvalidConfigurationException("--license-key is not taken by a Spark job (a command line ends "
                        + "up in Spark's event log): put the key in a file and give --license-key-file");
            } else if (VALUED.contains(flag)) {
                if (i + 1 >= args.length) {
                    throw new InvalidConfigurationException(flag + " needs a value");
                }
                values.put(flag, args[++i]);
            } else {
                throw new InvalidConfigurationException("unknown option " + flag);
            }
        }
        String input = required(values, "--input");
        String output = required(values, "--output");
        IdentifierType type = IdentifierType.fromName(values.getOrDefault("--type", "email"));
        String format = values.getOrDefault("--format", "text");
        if (!List.of("text", "csv", "parquet").contains(format)) {
            throw new InvalidConfigurationException("--format must be text, csv or parquet, was '" + format + "'");
        }
        Integer concurrency = null;
        if (values.containsKey("--concurrency")) {
            try {
                concurrency = Integer.parseInt(values.get("--concurrency"));
            } catch (NumberFormatException e) {
                concurrency = 0;
            }
            if (concurrency < 1) {
                throw new InvalidConfigurationException("--concurrency must be a whole number of at least 1");
            }
        }
        return new JobArguments(input, output, type, format, values.getOrDefault("--target-namespace", "default"),
                values.get("--activation-url"), values.get("--product-code"), values.get("--license-key-file"),
                values.get("--endpoint-url"), values.get("--region"), values.get("--endpoint-name"), concurrency,
                values.getOrDefault("--master", "local[*]"), reasons);
    }

    private static String required(Map<String, String> values, String flag) {
        String v = values.get(flag);
        if (v == null || v.isBlank()) {
            throw new InvalidConfigurationException(flag + " is required");
        }
        return v;
    }
}
