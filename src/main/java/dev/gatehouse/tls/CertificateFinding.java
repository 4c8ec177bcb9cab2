package dev.gatehouse.tls;

import java.util.Objects;

/**
 * One observation about a certificate chain, worded for an operator.
 *
 * @param severity how much it matters
 * @param message one line naming the certificate, the file and the problem
 */
public record CertificateFinding(Severity severity, String message) {

    /** ERROR: clients will reject the certificate. WARN: some clients may, or it is poor practice. */
    public enum Severity {
        INFO, WARN, ERROR
    }

    public CertificateFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity + ": " + message;
    }
}
