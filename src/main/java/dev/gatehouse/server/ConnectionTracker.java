package dev.gatehouse.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.List;

/**
 * Knows every open connection and whether it is in the middle of a response, so that shutdown can
 * close idle connections at once and let busy ones finish their response first.
 */
public final class ConnectionTracker {


    private final ChannelGroup channels = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    void add(Channel channel) {
        channels.add(channel);
    }

    /** HTTP/2 connections drain with GOAWAY; their in-flight count is the sum over their streams. */
    void markHttp2(Channel channel) {
        ConnectionInfo.of(channel).http2 = true;
    }

    /** On the connection's event loop, like every request-path call (proxied exchanges included). */
    void requestStarted(Channel channel) {
        ConnectionInfo.of(channel).inFlight++;
    }

    /** @return true when the connection must now close because the server is draining */
    boolean requestFinished(Channel channel) {
        return --ConnectionInfo.of(channel).inFlight == 0 && draining;
    }

    public boolean draining() {
        return draining;
    }

    public int open() {
        return channels.size();
    }

    List<Channel> channels() {
        return List.copyOf(channels);
    }

    /**
     * Stop keep-alive everywhere; close every connection that has no response in flight. HTTP/2
     * connections get GOAWAY at once (no new streams) and close when their last open stream is done.
     */
    void drain() {
        draining = true;
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> {
                ConnectionInfo info = ConnectionInfo.of(channel);
                int inFlight = info.inFlight;
                if (info.http2) {
                    // RFC 9113 §6.8: tell the client which streams will still be answered; the last
                    // of them closes the connection (Http2Connection.closeWhenIdle).
                    channel.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                    if (inFlight == 0) {
                        Http2Connection.closeWhenIdle(channel);
                    }
                } else if (inFlight == 0) {
                    channel.close();
                }
            });
        }
    }

    void closeAll() {
        channels.close().awaitUninterruptibly(5_000);
    }
}
