package dev.embeddedservice.auth;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Keeps what the SDK logs during tests (wired in {@code logback-test.xml}) instead of printing it,
 * so tests stay quiet and can check what was logged, and that no secret ever was.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final List<ILoggingEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        EVENTS.add(event);
    }

    public static void clear() {
        EVENTS.clear();
    }

    /** Every captured line, formatted, with the exception's text if there is one. */
    public static List<String> lines() {
        return EVENTS.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.toList());
    }

    /** The captured lines that contain {@code text}. */
    public static List<String> containing(String text) {
        return lines().stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }
}
