package dev.embeddedservice.reliability;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes of this module by name, and {@link NoSecretLeakedTest} after all of them,
 * so that it scans what every other class logged and threw. Set in {@code junit-platform.properties}.
 */
public final class LeakScanLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor d) -> d.getTestClass() == NoSecretLeakedTest.class)
                .thenComparing(d -> d.getTestClass().getName()));
    }
}
