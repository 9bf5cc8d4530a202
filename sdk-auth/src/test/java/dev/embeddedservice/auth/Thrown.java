package dev.embeddedservice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Runs code that must throw, checks the type and hands the exception back for further checks. */
public final class Thrown {

    private Thrown() {
    }

    public static <T extends Throwable> T of(Class<T> type, ThrowingCallable code) {
        try {
            code.call();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(type);
            return type.cast(t);
        }
        throw new AssertionError("expected " + type.getSimpleName() + " but nothing was thrown");
    }
}
