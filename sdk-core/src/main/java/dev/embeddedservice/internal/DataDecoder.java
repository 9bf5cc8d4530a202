package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reads one result's {@code data} value. Called with the parser on the value's first token;
 * must consume the whole value, also when it throws {@link ProtocolViolation}, so that parsing
 * can go on.
 */
@FunctionalInterface
interface DataDecoder<O> {

    O decode(JsonParser parser) throws IOException, ProtocolViolation;
}
