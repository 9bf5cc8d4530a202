package dev.embeddedservice.internal;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * How the client builds what a large call returns without the copies and strings the public
 * factories make: an OK {@link TranslateResult} from a translated id's ISO-8859-1 bytes (kept, not
 * decoded), and a {@link TranslateResponse} over a list the client made and no one else holds
 * (kept, not copied). The public classes register their private constructors here when they
 * initialize, as the JDK's own packages share non-public access, so that the public API offers no
 * such factory. Not API.
 */
public final class TrustedResults {

    private static volatile BiFunction<IdentifierType, byte[], TranslateResult> latin1Ok;
    private static volatile BiFunction<List<TranslateResult>, InvocationSummary, TranslateResponse> ownedResponse;

    private TrustedResults() {
    }

    /** Called once, by {@code TranslateResult}'s static initializer. */
    public static void registerResult(BiFunction<IdentifierType, byte[], TranslateResult> factory) {
        latin1Ok = Objects.requireNonNull(factory, "factory");
    }

    /** Called once, by {@code TranslateResponse}'s static initializer. */
    public static void registerResponse(BiFunction<List<TranslateResult>, InvocationSummary, TranslateResponse> factory) {
        ownedResponse = Objects.requireNonNull(factory, "factory");
    }

    /** An OK result whose translated id is {@code latin1}, ISO-8859-1 encoded; the array is kept, not copied. */
    static TranslateResult ok(IdentifierType type, byte[] latin1) {
        BiFunction<IdentifierType, byte[], TranslateResult> f = latin1Ok;
        if (f == null) {
            TranslateResult.notFound(type); // initializes TranslateResult, which registers its factory
            f = latin1Ok;
        }
        return f.apply(type, latin1);
    }

    /** A response over {@code results}, an unmodifiable list no one else holds; kept, not copied. */
    static TranslateResponse response(List<TranslateResult> results, InvocationSummary summary) {
        BiFunction<List<TranslateResult>, InvocationSummary, TranslateResponse> f = ownedResponse;
        if (f == null) {
            new TranslateResponse(List.of(), summary); // initializes TranslateResponse, which registers its factory
            f = ownedResponse;
        }
        return f.apply(results, summary);
    }
}
