package dev.gatehouse.server;

import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, at start, classes that the TLS handler first needs only when a connection
 * ends badly: closed in the middle of its handshake, or with writes still queued after the engine
 * closed.
 *
 * <p>Why: the JIT compiles a reference to a class that is not loaded or initialised yet as a trap.
 * The first connection that ends that way then makes the compiled code of
 * {@code SslHandler.channelInactive} or {@code SslHandler.wrap}, which run for every connection, be
 * thrown away and compiled again under the next new connections, on the server's only core (issue 9,
 * W3 after a load generator stopped with handshakes or writes in flight; docs/performance.md,
 * "Session 16"). Loading them costs nothing afterwards.
 */
final class FirstUseClasses {

    private static final Logger LOG = LoggerFactory.getLogger(FirstUseClasses.class);

    /** Netty's exceptions for a connection closed during its handshake and for a write after close. */
    static final String[] NAMES = {
        "io.netty.handler.ssl.StacklessSSLHandshakeException", // package-private in Netty
        "io.netty.handler.ssl.SslClosedEngineException",
    };

    private FirstUseClasses() {
    }

    static void load() {
        for (String name : NAMES) {
            try {
                Class.forName(name, true, SslHandler.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // A Netty that renamed it: nothing breaks, the trap just stays.
                LOG.debug("class {} not loaded ahead: {}", name, e.toString());
            }
        }
    }
}
