package dev.gatehouse.cli;

/** Documented in docs/operations.md; systemd's RestartPreventExitStatus relies on 2 and 3. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Startup or runtime failure: port in use, permission denied, unexpected error. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;
    /** The configuration or the key material is invalid. */
    public static final int INVALID_CONFIG = 3;

    private ExitCodes() {
    }
}
