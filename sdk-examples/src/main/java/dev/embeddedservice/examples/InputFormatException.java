package dev.embeddedservice.examples;

/** The input file cannot be read as identifiers: a one-line reason for the user. */
final class InputFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputFormatException(String message) {
        super(message);
    }
}
