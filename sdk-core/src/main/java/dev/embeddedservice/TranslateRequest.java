package dev.embeddedservice;

import dev.embeddedservice.exception.InvalidConfigurationException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Identifiers to translate into a target namespace. Immutable.
 *
 * <pre>{@code
 * TranslateRequest request = TranslateRequest.builder()
 *         .identifiers(List.of(Identifier.email("alice@example.com")))
 *         .targetNamespace("acme-media")      // optional: the client's default otherwise
 *         .build();
 * }</pre>
 */
public final class TranslateRequest {

    private final List<Identifier> identifiers;
    private final String targetNamespace;

    private TranslateRequest(List<Identifier> identifiers, String targetNamespace) {
        // One copy (List.copyOf makes two of a list that allows nulls), checked after it is taken.
        Identifier[] copy = identifiers.toArray(new Identifier[0]);
        for (Identifier id : copy) {
            if (id == null) {
                throw new InvalidConfigurationException("identifiers must not contain null");
            }
        }
        this.identifiers = java.util.Collections.unmodifiableList(java.util.Arrays.asList(copy));
        this.targetNamespace = targetNamespace;
    }

    /** A request for {@code identifiers} in the client's default target namespace. */
    public static TranslateRequest of(List<Identifier> identifiers) {
        return builder().identifiers(identifiers).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Identifier> identifiers() {
        return identifiers;
    }

    /** The namespace to translate into; empty means the client's default. */
    public Optional<String> targetNamespace() {
        return Optional.ofNullable(targetNamespace);
    }

    @Override
    public String toString() {
        return "TranslateRequest[" + identifiers.size() + " identifiers, targetNamespace=" + targetNamespace + "]";
    }

    /** Builder for {@link TranslateRequest}. */
    public static final class Builder {
        private List<Identifier> identifiers = List.of();
        private String targetNamespace;

        private Builder() {
        }

        public Builder identifiers(List<Identifier> identifiers) {
            this.identifiers = Objects.requireNonNull(identifiers, "identifiers");
            return this;
        }

        public Builder targetNamespace(String targetNamespace) {
            this.targetNamespace = targetNamespace;
            return this;
        }

        public TranslateRequest build() {
            if (targetNamespace != null && targetNamespace.isBlank()) {
                throw new InvalidConfigurationException("targetNamespace must not be blank");
            }
            return new TranslateRequest(identifiers, targetNamespace);
        }
    }
}
