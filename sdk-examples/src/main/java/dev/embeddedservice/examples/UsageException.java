package dev.embeddedservice.examples;

/**
 * Bad usage, bad configuration or bad input found before anything was sent: {@code esvc} says the
 * message in one line, naming the flag, and exits with 2.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
