package dev.gatehouse.logging;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Network errors that are a normal part of serving the internet (peers resetting or closing mid
 * stream) and deserve no more than a DEBUG line.
 */
public final class ExpectedExceptions {

    private ExpectedExceptions() {
    }

    public static boolean isExpected(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ClosedChannelException) {
                return true;
            }
            if (c instanceof IOException && c.getMessage() != null) {
                String m = c.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("connection reset") || m.contains("broken pipe")
                        || m.contains("connection timed out") || m.contains("closed")) {
                    return true;
                }
            }
        }
        return false;
    }
}
