package dev.embeddedservice.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} parameters (a request body or a query string): {@code &}
 * separated {@code name=value} pairs, percent-encoded UTF-8, {@code +} for a space.
 */
final class FormUrlEncoded {

    private FormUrlEncoded() {
    }

    /** Thrown for a malformed percent escape. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** Every parameter's values in order of appearance, parameters in order of first appearance. */
    static Map<String, List<String>> parse(String encoded) throws MalformedException {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }

    /** Whether {@code contentType} names {@code application/x-www-form-urlencoded} (parameters such as charset allowed). */
    static boolean isFormContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private static String decode(String s) throws MalformedException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("a parameter has a malformed percent escape");
        }
    }
}
