package dev.embeddedservice;

import dev.embeddedservice.exception.InvalidConfigurationException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A partner operation callable through the generic envelope of protocol §2: its name, its
 * {@code params}, the input record type (serialized with Jackson as each record's {@code data})
 * and the output type (deserialized from each result's {@code data}). Immutable.
 *
 * <pre>{@code
 * record Transaction(String accountHash, long amountCents, String country) {}
 * record FraudScore(double score, String band) {}
 *
 * Operation<Transaction, FraudScore> scoreFraud =
 *         Operation.of("fraudScore", Transaction.class, FraudScore.class).withParam("model", "v2");
 * BatchResult<FraudScore> scores = client.invoke(scoreFraud, transactions);
 * }</pre>
 *
 * @param <I> the input record type
 * @param <O> the output type
 */
public final class Operation<I, O> {

    private final String name;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private final Map<String, Object> params;

    private Operation(String name, Class<I> inputType, Class<O> outputType, Map<String, Object> params) {
        this.name = name;
        this.inputType = inputType;
        this.outputType = outputType;
        this.params = params;
    }

    /**
     * An operation named {@code name}, taking {@code inputType} records and answering
     * {@code outputType} values.
     */
    public static <I, O> Operation<I, O> of(String name, Class<I> inputType, Class<O> outputType) {
        if (name == null || name.isBlank()) {
            throw new InvalidConfigurationException("operation name must not be blank");
        }
        return new Operation<>(name, Objects.requireNonNull(inputType, "inputType"),
                Objects.requireNonNull(outputType, "outputType"), Map.of());
    }

    /** A copy of this operation with one more {@code params} entry. */
    public Operation<I, O> withParam(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new Operation<>(name, inputType, outputType, Collections.unmodifiableMap(copy));
    }

    public String name() {
        return name;
    }

    public Class<I> inputType() {
        return inputType;
    }

    public Class<O> outputType() {
        return outputType;
    }

    /** The {@code params} object of the envelope, in insertion order. */
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operation<?, ?> op && name.equals(op.name) && inputType.equals(op.inputType)
                && outputType.equals(op.outputType) && params.equals(op.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, inputType, outputType, params);
    }

    @Override
    public String toString() {
        return "Operation[" + name + ", " + inputType.getSimpleName() + " -> " + outputType.getSimpleName()
                + ", params=" + params.keySet() + "]";
    }
}
