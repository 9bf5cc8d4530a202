package dev.embeddedservice.examples;

/**
 * The input cannot be read as identifiers (a structural error: a CSV header without
 * {@code type,value}, an unknown type, an unterminated quote): a one-line reason naming the line.
 */
final class InputFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputFormatException(String message) {
        super(message);
    }
}
