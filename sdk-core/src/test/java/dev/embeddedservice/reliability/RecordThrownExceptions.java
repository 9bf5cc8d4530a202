package dev.embeddedservice.reliability;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Keeps every exception a test or a lifecycle method of this module throws (its message, its
 * {@code toString} and its stack trace with every cause) for {@link NoSecretLeakedTest}, then lets
 * it propagate unchanged. Registered for every test class by JUnit's extension autodetection
 * ({@code junit-platform.properties} and {@code META-INF/services}); it also starts keeping the
 * console ({@link LeakScan}).
 */
public final class RecordThrownExceptions implements TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler, BeforeEachCallback {

    private static final AtomicInteger TESTS_SEEN = new AtomicInteger();

    /** Tests this extension has seen start in this JVM: proof that autodetection registered it. */
    static int testsSeen() {
        return TESTS_SEEN.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LeakScan.start();
        TESTS_SEEN.incrementAndGet();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw keep(context, thrown);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw keep(context, thrown);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw keep(context, thrown);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw keep(context, thrown);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw keep(context, thrown);
    }

    private static Throwable keep(ExtensionContext context, Throwable thrown) {
        String where = context.getRequiredTestClass().getName()
                + context.getTestMethod().map(Method::getName).map(m -> "#" + m).orElse("");
        LeakScan.append(LeakScan.TEST_EXCEPTIONS, "--- " + where + "\n" + LeakScan.describe(thrown));
        return thrown;
    }
}
