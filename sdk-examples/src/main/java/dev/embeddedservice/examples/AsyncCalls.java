package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Several translations in flight at once with {@code translateAsync}, composed with
 * {@link CompletableFuture}: the calls share the client's worker pool and token.
 *
 * <pre>java -cp sdk-examples/target/esvc.jar dev.embeddedservice.examples.AsyncCalls</pre>
 */
public final class AsyncCalls {

    private AsyncCalls() {
    }

    public static void main(String[] args) {
        try (ExampleService service = ExampleService.fromEnvironmentOrEmulator()) {
            run(service, System.out);
        }
    }

    static List<TranslateResponse> run(ExampleService service, PrintStream out) {
        try (EmbeddedServiceClient client = service.clientBuilder().build()) {
            List<CompletableFuture<TranslateResponse>> calls = new ArrayList<>();
            for (String namespace : List.of("acme-media", "globex-ads", "initech-dsp")) {
                List<Identifier> audience = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    audience.add(Identifier.email("subscriber" + i + "@example.com"));
                }
                calls.add(client.translateAsync(TranslateRequest.builder()
                        .identifiers(audience)
                        .targetNamespace(namespace)
                        .build()));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            List<TranslateResponse> responses = calls.stream().map(CompletableFuture::join).toList();
            responses.forEach(r -> out.printf("%,d OK, %,d NOT_FOUND in %d ms%n", r.summary().ok(),
                    r.summary().notFound(), r.summary().elapsed().toMillis()));
            return responses;
        }
    }
}
