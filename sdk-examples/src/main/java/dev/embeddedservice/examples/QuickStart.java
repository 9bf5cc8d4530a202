package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import java.io.PrintStream;
import java.util.List;

/**
 * Quick start: translate five identifiers and print the results.
 *
 * <pre>java -cp sdk-examples/target/esvc.jar dev.embeddedservice.examples.QuickStart</pre>
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) {
        try (ExampleService service = ExampleService.fromEnvironmentOrEmulator()) {
            run(service, System.out);
        }
    }

    static TranslateResponse run(ExampleService service, PrintStream out) {
        List<Identifier> identifiers = List.of(
                Identifier.email("  Alice.Smith@Example.com "),   // trimmed, lowercased, hashed locally
                Identifier.phone("(202) 555-0143"),                // parsed as a US number, hashed locally
                Identifier.phone("020 7946 0958", "GB"),           // a local number of another region
                Identifier.maid("6D92078A-8246-4BA4-AE5B-76104861E7DC"),
                Identifier.email("not an email"));                  // INVALID: never sent, never billed

        // One client per application: thread-safe, holds the token cache and the connection pool.
        try (EmbeddedServiceClient client = service.clientBuilder()
                .targetNamespace("acme-media")
                .build()) {
            TranslateResponse response = client.translate(identifiers);
            for (int i = 0; i < identifiers.size(); i++) {
                TranslateResult r = response.results().get(i);   // results are in input order
                out.printf("%d %-12s %-9s %s%n", i + 1, r.type(), r.status(),
                        r.translatedId().orElse(r.reason().orElse("")));
            }
            out.println(response.summary());
            return response;
        }
    }
}
