package dev.embeddedservice.lambda.internal;

/**
 * A request the proxy refuses before calling the service: its status (400, 404, 405, 413), a code
 * and a message written by the proxy itself, never quoting the request's values. Carries no stack
 * trace: it is an answer, not a fault.
 */
public final class RequestProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public RequestProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** 400 {@code BAD_REQUEST}. */
    public static RequestProblem badRequest(String message) {
        return new RequestProblem(400, "BAD_REQUEST", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
