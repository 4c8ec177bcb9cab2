package dev.gatehouse.tls;

import java.nio.file.Path;

/**
 * Key material could not be loaded. The message is one line, meant for an operator: it names the
 * file(s) and the problem (for example {@code certs/key.pem: no private key found}). The underlying
 * exception, if any, stays attached as the cause for debug logging.
 */
public final class KeyMaterialException extends Exception {

    public KeyMaterialException(String message) {
        super(oneLine(message));
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code file: problem}, the shape every message of this package has. */
    static KeyMaterialException of(Path file, String problem) {
        return new KeyMaterialException(file + ": " + problem);
    }

    static KeyMaterialException of(Path file, String problem, Throwable cause) {
        return new KeyMaterialException(file + ": " + problem, cause);
    }

    /** Library messages sometimes span lines; an operator-facing message must not. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** A cause's message, cleaned for inclusion in ours. */
    static String detail(Throwable t) {
        String message = t.getMessage();
        return oneLine(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
    }
}
