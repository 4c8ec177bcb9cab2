package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.function.Consumer;

/**
 * A client and a server pipeline in two EmbeddedChannels that hand each other their bytes: the
 * HTTP/2 request path without sockets or TLS, for tests and JMH benchmarks.
 */
final class EmbeddedPair {

    private EmbeddedPair() {
    }

    /**
     * Moves bytes both ways until neither side has anything left to say; each buffer the server sends
     * is shown to {@code fromServer} (if not null) before the client reads it.
     */
    static void pump(EmbeddedChannel client, EmbeddedChannel server, Consumer<ByteBuf> fromServer) {
        boolean moved = true;
        while (moved) {
            moved = false;
            client.runPendingTasks();
            server.runPendingTasks();
            Object out;
            while ((out = client.readOutbound()) != null) {
                server.writeInbound((ByteBuf) out);
                moved = true;
            }
            while ((out = server.readOutbound()) != null) {
                if (fromServer != null) {
                    fromServer.accept((ByteBuf) out);
                }
                client.writeInbound((ByteBuf) out);
                moved = true;
            }
        }
    }
}
