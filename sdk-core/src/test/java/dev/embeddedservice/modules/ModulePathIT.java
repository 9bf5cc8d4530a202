package dev.embeddedservice.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.Reference;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The built jars on the module path, as a JPMS application loads them: sdk-auth and sdk-core
 * resolve as the named modules their manifests declare, with no package in two modules, and a
 * translate through them, on the emulator, gives protocol §4's answer. Runs after {@code package}
 * (failsafe), from the jars themselves; everything is reached by reflection, because the classes
 * in the layer are not the ones on this test's class path.
 */
class ModulePathIT {

    @Test
    void theSdkResolvesAsNamedModulesAndTranslatesThroughThem() throws Exception {
        List<Path> modulePath = new ArrayList<>();
        modulePath.add(Path.of(System.getProperty("esvc.coreJar")));
        for (String entry : Files.readString(Path.of(System.getProperty("esvc.modulePathFile"))).trim()
                .split(java.io.File.pathSeparator)) {
            modulePath.add(Path.of(entry));
        }
        assertThat(modulePath).anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith(
                "embedded-service-sdk-auth-").endsWith(".jar"));
        // As java --module-path ... --add-modules ALL-MODULE-PATH does: every module found is a root.
        ModuleFinder finder = ModuleFinder.of(modulePath.toArray(Path[]::new));
        Set<String> roots = new HashSet<>();
        finder.findAll().forEach(m -> roots.add(m.descriptor().name()));
        Configuration config = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), roots);
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());

        Module core = layer.findModule("dev.embeddedservice.core").orElseThrow();
        Module auth = layer.findModule("dev.embeddedservice.auth").orElseThrow();
        assertThat(core.getPackages()).contains("dev.embeddedservice", "dev.embeddedservice.internal")
                .doesNotContain("dev.embeddedservice.exception", "dev.embeddedservice.auth");
        assertThat(auth.getPackages()).contains("dev.embeddedservice.auth", "dev.embeddedservice.exception")
                .doesNotContain("dev.embeddedservice");
        Map<String, String> owner = new HashMap<>();
        for (Module m : layer.modules()) {
            for (String p : m.getPackages()) {
                assertThat(owner.put(p, m.getName())).as("package %s in one module only", p).isNull();
            }
        }

        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start()) {
            System.setProperty("aws.accessKeyId", "AKIDMODULEPATHTEST01");
            System.setProperty("aws.secretAccessKey", "module-path-test-secret");
            Map<String, String> env = Map.of(
                    "EMBEDDED_SERVICE_ACTIVATION_URL", emulator.activationUrl(),
                    "EMBEDDED_SERVICE_PRODUCT_CODE", emulator.productCode(),
                    "EMBEDDED_SERVICE_LICENSE_KEY", emulator.licenseKey(),
                    "EMBEDDED_SERVICE_ENDPOINT_URL", emulator.endpointUrl(),
                    "AWS_REGION", emulator.region());
            ClassLoader loader = layer.findLoader("dev.embeddedservice.core");
            Class<?> clientType = loader.loadClass("dev.embeddedservice.EmbeddedServiceClient");
            assertThat(clientType.getModule()).isSameAs(core);
            assertThat(loader.loadClass("dev.embeddedservice.exception.EmbeddedServiceException").getModule())
                    .isSameAs(auth);

            Object builder = clientType.getMethod("builder").invoke(null);
            Class<?> builderType = clientType.getMethod("builder").getReturnType();
            builderType.getMethod("environment", UnaryOperator.class).invoke(builder, (UnaryOperator<String>) env::get);
            try (AutoCloseable client = (AutoCloseable) builderType.getMethod("build").invoke(builder)) {
                Class<?> identifierType = loader.loadClass("dev.embeddedservice.Identifier");
                Object id = identifierType.getMethod("email", String.class).invoke(null, " Alice@Example.com ");
                Object response = clientType.getMethod("translate", List.class).invoke(client, List.of(id));
                List<?> results = (List<?>) call(response, "results");
                assertThat(results).hasSize(1);
                Object result = results.get(0);
                Reference.Expected expected = Reference.translate("default",
                        dev.embeddedservice.IdentifierType.EMAIL_SHA256, Reference.emailWire(" Alice@Example.com "));
                assertThat(call(result, "status").toString()).isEqualTo(expected.status().name());
                assertThat((Optional<?>) call(result, "translatedId")).isEqualTo(Optional.ofNullable(expected.translatedId()));
                assertThat(result.getClass().getModule()).isSameAs(core);
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
            assertThat(emulator.journal().invocationCount()).isEqualTo(1);
        }
        assertThat(new HashSet<>(owner.values())).contains("dev.embeddedservice.core", "dev.embeddedservice.auth");
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }
}
