package dev.gatehouse.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Logback encoder for the access log: the event's message (one line, or a batch of lines from
 * {@link AccessLogBatches}, formatted by {@link AccessLog}) as UTF-8, then a line feed. It does what
 * the pattern {@code %msg%n} does, without the pattern layout's copies: that layout grows a
 * StringBuilder from 256 characters to the batch's 32 KiB, copies it into a String and then encodes
 * that, and on a busy single core the writer thread's copying was about 1 % of every request's cost
 * (W2 profile). Used by the shipped {@code conf/logback.xml}; a configuration that keeps
 * {@code <pattern>%msg%n</pattern>} writes the same bytes.
 */
public final class AccessLineEncoder extends EncoderBase<ILoggingEvent> {

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
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
