package dev.gatehouse.tls;

/**
 * TLS cannot be set up as configured. The message is one line naming the config key (and file) and
 * what to change; the cause, if any, is for DEBUG logs only.
 */
public final class TlsSetupException extends Exception {

    private final String key;

    public TlsSetupException(String key, String message) {
        this(key, message, null);
    }

    public TlsSetupException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The config key at fault, or null. */
    public String key() {
        return key;
    }
}
