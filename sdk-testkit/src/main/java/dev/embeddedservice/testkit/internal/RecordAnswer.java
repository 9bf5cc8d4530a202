package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The container's answer for one record of a batch (protocol §2): {@code id}, {@code status}, the operation's
 * {@code data} for OK, and a {@code message} for INVALID and ERROR.
 */
record RecordAnswer(String id, Status status, Data data, String message) {

    enum Status { OK, NOT_FOUND, INVALID, ERROR }

    /** An operation's {@code data} object; writes its fields (the enclosing braces are written by the caller). */
    interface Data {
        void writeFields(JsonGenerator g) throws IOException;
    }

    static RecordAnswer ok(String id, Data data) {
        return new RecordAnswer(id, Status.OK, data, null);
    }

    static RecordAnswer notFound(String id) {
        return new RecordAnswer(id, Status.NOT_FOUND, null, null);
    }

    static RecordAnswer invalid(String id, String message) {
        return new RecordAnswer(id, Status.INVALID, null, message);
    }

    /** The same answer under another id (the UNKNOWN_RESULT_ID fault). */
    RecordAnswer withId(String otherId) {
        return new RecordAnswer(otherId, status, data, message);
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("status", status.name());
        if (data != null) {
            g.writeObjectFieldStart("data");
            data.writeFields(g);
            g.writeEndObject();
        }
        if (message != null) {
            g.writeStringField("message", message);
        }
        g.writeEndObject();
    }
}
