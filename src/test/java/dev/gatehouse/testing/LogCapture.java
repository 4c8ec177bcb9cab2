package dev.gatehouse.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what one logger writes while a test runs. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    public List<String> messages() {
        // AppenderBase.doAppend holds the appender's own lock while ListAppender adds to its list;
        // locking the list instead (as before) let an event-loop thread add during the copy.
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The most recent message; the caller has made sure there is one. */
    public String last() {
        List<String> all = messages();
        return all.get(all.size() - 1);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
