package dev.embeddedservice.exception;

/**
 * The call's deadline passed before any of its batches could be sent. (Batches cut short by
 * the deadline once a call is under way are reported as {@code FAILED} results.)
 */
public class DeadlineExceededException extends EmbeddedServiceException {

    private static final long serialVersionUID = 1L;

    public DeadlineExceededException(String message) {
        super(message, true);
    }
}
