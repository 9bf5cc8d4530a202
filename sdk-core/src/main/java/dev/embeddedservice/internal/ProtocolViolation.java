package dev.embeddedservice.internal;

/**
 * A response that breaks protocol §2 (internal, checked, without a stack trace: it is control
 * flow). Its message describes the breach and never quotes a record's value.
 */
public final class ProtocolViolation extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
