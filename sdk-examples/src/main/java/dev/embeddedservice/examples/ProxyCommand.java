package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.lambda.AuthorizerHandler;
import dev.embeddedservice.lambda.LocalApiGateway;
import dev.embeddedservice.lambda.ProxyHandler;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code esvc proxy}: the customer-VPC stack's two Lambda handlers, the authorizer and the proxy, on
 * loopback behind a minimal API-Gateway-shaped HTTP front, so that the stack's API can be tried with
 * {@code curl} on a fresh machine. Without {@code --activation-url} (or
 * {@code EMBEDDED_SERVICE_ACTIVATION_URL}) it runs on the embedded emulator.
 *
 * <p>Standard output carries one line, {@code proxy-url: http://127.0.0.1:PORT}, once it serves;
 * everything else goes to standard error. It serves until interrupted.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Serves the Lambda authorizer and proxy on loopback behind an API-Gateway-shaped front.",
                "POST /translate and POST /invoke/{operation}, as the customer-VPC stack's private API.",
                "Without --activation-url (or EMBEDDED_SERVICE_ACTIVATION_URL) it runs on the embedded emulator.",
                "Prints proxy-url once ready."})
final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "Port to listen on (0: a free one).")
    int port;

    @Option(names = "--target-namespace", paramLabel = "NS",
            description = "Namespace when a request names none (default: default).")
    String targetNamespace;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            err.println("esvc: --port must be between 0 and 65535");
            return Esvc.EXIT_USAGE;
        }
        if (targetNamespace != null && targetNamespace.isBlank()) {
            err.println("esvc: --target-namespace must not be blank");
            return Esvc.EXIT_USAGE;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            EmbeddedServiceClient.Builder builder;
            ActivationConfig activation;
            String url = service.activationUrl != null ? service.activationUrl
                    : System.getenv(ActivationConfig.ENV_ACTIVATION_URL);
            if (url == null || url.isBlank()) {
                ExampleService service = ExampleService.on(ExampleService.startEmulator());
                resources.add(service);
                err.println("esvc: no --activation-url given: serving on the embedded emulator at "
                        + service.emulator().endpointUrl() + " (no AWS account needed)");
                activation = service.activationConfig();
                builder = service.clientBuilder();
            } else {
                activation = ActivationConfig.builder().activationUrl(url).productCode(service.productCode)
                        .licenseKey(service.licenseKey(err)).build();
                builder = EmbeddedServiceClient.builder().activationConfig(activation);
                if (service.endpointUrl != null) {
                    builder.endpointOverride(URI.create(service.endpointUrl));
                }
                if (service.region != null) {
                    builder.region(service.region);
                }
                if (service.endpointName != null) {
                    builder.endpointName(service.endpointName);
                }
            }
            if (targetNamespace != null) {
                builder.targetNamespace(targetNamespace);
            }
            EmbeddedServiceClient client = builder.build();
            resources.add(0, client);
            ActivationTokenProvider tokens = ActivationTokenProvider.create(activation);
            resources.add(0, tokens);
            // As behind the stack's private API: callers come through its VPC endpoint, which the front simulates.
            AuthorizerHandler authorizer = new AuthorizerHandler(tokens,
                    Map.of(AuthorizerHandler.ENV_ALLOWED_VPCE_IDS, LocalApiGateway.VPC_ENDPOINT_ID)::get);
            LocalApiGateway gateway = LocalApiGateway.start(port, authorizer, new ProxyHandler(client));
            resources.add(0, gateway);
            return serve(gateway, resources, err);
        } catch (EmbeddedServiceException e) {
            closeAll(resources);
            err.println("esvc: " + ServiceConnection.withFlagNames(Esvc.oneLine(e), service.licenseKeyFlag()));
            return Esvc.EXIT_USAGE;
        } catch (UsageException e) {
            closeAll(resources);
            err.println("esvc: " + e.getMessage());
            return Esvc.EXIT_USAGE;
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private Integer serve(LocalApiGateway gateway, List<AutoCloseable> resources, PrintWriter err) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(resources);
            stopped.countDown();
        }, "esvc-proxy-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("proxy-url: " + gateway.url());
        out.flush();
        err.println("esvc: proxy serving on " + gateway.url() + "; press Ctrl-C to stop. Try:");
        err.println("  curl -X POST " + gateway.url() + "/translate -d '{\"identifiers\": [{\"type\": \"email\", "
                + "\"value\": \"alice@example.com\"}]}'");
        err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            closeAll(resources);
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static synchronized void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing on the way out: nothing left to tell
            }
        }
        resources.clear();
    }
}
