package dev.gatehouse.server;

/** The server cannot start; the message is one line naming the cause and the fix. */
public final class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
