package dev.embeddedservice.lambda;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every log line of the tests (wired in {@code logback-test.xml}), formatted with its
 * exception and stack trace, so that tests can scan what was logged for secrets.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final List<String> LINES = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                + event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append("\n\tat ").append(frame.getSTEAsString());
            }
        }
        LINES.add(line.toString());
    }

    public static void clear() {
        LINES.clear();
    }

    public static List<String> lines() {
        return List.copyOf(LINES);
    }
}
