package dev.embeddedservice.examples;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code esvc}: the command-line program of the embedded-service SDK.
 *
 * <pre>
 * java -jar sdk-examples/target/esvc.jar translate --input emails.txt --output translated.csv
 * java -jar sdk-examples/target/esvc.jar emulator --port 8080
 * </pre>
 *
 * Exit codes: 0 when every input record has a result; 1 when some records could not be
 * answered (FAILED) or the run failed; 2 for bad usage or bad input.
 */
@Command(name = "esvc", mixinStandardHelpOptions = true, versionProvider = Esvc.Version.class,
        description = "Calls a partner's embedded service on Amazon SageMaker, or runs its local emulator.",
        subcommands = {TranslateCommand.class, EmulatorCommand.class, ProxyCommand.class, CommandLine.HelpCommand.class})
public final class Esvc {

    /** Exit code: some records have no result, or the run failed. */
    static final int EXIT_FAILED = 1;
    /** Exit code: bad usage or bad input. */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (OutOfMemoryError e) { // where no command could catch it: one line, never a stack trace
            System.err.println(TranslateCommand.OUT_OF_MEMORY);
            code = EXIT_FAILED;
        }
        System.exit(code);
    }

    /** Runs {@code esvc} with {@code args} and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        // UTF-8 whatever the locale: `translate --output -` writes its CSV here
        return run(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(System.err, true), args);
    }

    /** Runs {@code esvc} writing to the given streams, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Esvc()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("esvc: " + oneLine(e));
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** The SDK's version, from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Esvc.class.getPackage().getImplementationVersion();
            return new String[] {"esvc " + (v == null ? "development build" : v)};
        }
    }
}
