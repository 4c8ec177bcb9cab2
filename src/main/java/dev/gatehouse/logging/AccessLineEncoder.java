package dev.gatehouse.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Logback encoder for the access log: a batch of lines from {@link AccessLogBatches} as the bytes they
 * were formatted into ({@link AccessLinesEvent}); any other event's message as UTF-8, then a line
 * feed. It does what the pattern {@code %msg%n} does, without the pattern layout's copies: that
 * layout grows a StringBuilder to the batch's size, copies it into a String and then encodes that, and
 * on a busy single core the writer thread's copying was about 1 % of every request's cost (W2
 * profile). Used by the shipped {@code conf/logback.xml}; a configuration that keeps
 * {@code <pattern>%msg%n</pattern>} writes the same bytes.
 */
public final class AccessLineEncoder extends EncoderBase<ILoggingEvent> {

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (event instanceof AccessLinesEvent batch) {
            return batch.lines(); // formatted as bytes on the event loop, each line ending in '\n'
        }
        byte[] text = event.getFormattedMessage().getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(text, text.length + 1);
        line[text.length] = '\n';
        return line;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
