package dev.gatehouse.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;

/**
 * One Logback event carrying a batch of finished access-log lines as bytes (each ending in a line
 * feed). {@link AccessLineEncoder} writes those bytes as they are. Any other encoder or layout still
 * works: the message is the text of the lines without the last line feed, as {@code %msg%n} expects,
 * decoded only when something asks for it (behind the shipped async appender, on its writer thread):
 * the appender's preparation, which runs on the thread that logs, would otherwise build that String
 * there for nothing.
 */
final class AccessLinesEvent extends LoggingEvent {

    private static final String FQCN = AccessLinesEvent.class.getName();

    private final byte[] lines;
    private volatile String text;

    AccessLinesEvent(Logger logger, byte[] lines) {
        super(FQCN, logger, Level.INFO, null, null, null);
        this.lines = lines;
    }

    /** The lines, each ending in a line feed; not to be modified. */
    byte[] lines() {
        return lines;
    }

    @Override
    public String getMessage() {
        return getFormattedMessage();
    }

    @Override
    public String getFormattedMessage() {
        String t = text;
        if (t == null) {
            int n = lines.length > 0 && lines[lines.length - 1] == '\n' ? lines.length - 1 : lines.length;
            t = new String(lines, 0, n, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /** What the async appender calls on the logging thread: the thread name, not the message. */
    @Override
    public void prepareForDeferredProcessing() {
        getThreadName();
        getMDCPropertyMap();
    }
}
