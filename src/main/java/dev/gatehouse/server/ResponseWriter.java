package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.io.IOException;

/**
 * Turns a {@link Reply} into HTTP objects on the wire. Files are streamed: through TLS in 16 KiB
 * chunks (one full TLS record each), on plain connections as a zero-copy {@link DefaultFileRegion}.
 */
final class ResponseWriter {

    static final AsciiString SERVER = AsciiString.cached("gatehouse");
    static final int CHUNK_SIZE = 16 * 1024;

    private ResponseWriter() {
    }

    /**
     * Responses always say HTTP/1.1 (RFC 9110 §6.2: the highest minor version we conform to); an
     * HTTP/1.0 client that asked for keep-alive is told so explicitly.
     *
     * @return the future of the last write of this response
     */
    static ChannelFuture write(ChannelHandlerContext ctx, boolean http10Client, Reply reply, boolean keepAlive,
            boolean zeroCopy) {
        return write(ctx, null, http10Client, false, reply, keepAlive, zeroCopy);
    }

    /**
     * @param head whether the request was HEAD: the body is dropped here (the encoder is not told)
     * @param wire the context of the HTTP/1.1 response encoder when nothing else is queued ahead of
     *             this response (no earlier response still being written): a complete small response
     *             is then encoded here into one buffer and written below the encoder and the chunked
     *             writer, which saves a header-map walk, a promise combiner and two handler hops per
     *             request; null for the general path
     */
    static ChannelFuture write(ChannelHandlerContext ctx, ChannelHandlerContext wire, boolean http10Client,
            boolean head, Reply reply, boolean keepAlive, boolean zeroCopy) {
        HttpVersion version = HttpVersion.HTTP_1_1;
        HttpHeaders headers = reply.headers();
        ReplyHeaders.complete(reply);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10Client) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ReplyBody body = reply.body();
        if (head && body.length() > 0) {
            // RFC 9110 §9.3.2: the headers GET would get (Content-Length included), never the body;
            // error replies and custom error pages carry one that HEAD must not send.
            discard(reply);
            body = ReplyBody.EMPTY;
        }
        if (body instanceof ReplyBody.FileRegion file) {
            ctx.write(new DefaultHttpResponse(version, reply.status(), headers));
            if (zeroCopy) {
                ctx.write(new DefaultFileRegion(file.channel(), file.offset(), file.length()));
                return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            return ctx.writeAndFlush(new HttpChunkedInput(
                    new ChunkedFileRange(file.channel(), file.offset(), file.length(), CHUNK_SIZE)));
        }
        if (body instanceof ReplyBody.Parts parts) {
            ctx.write(new DefaultHttpResponse(version, reply.status(), headers));
            return ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFileParts(parts, CHUNK_SIZE)));
        }
        // A Buffer body's reference passes to the response, which the pipeline releases once written.
        ByteBuf content = body instanceof ReplyBody.Bytes bytes ? Unpooled.wrappedBuffer(bytes.bytes())
                : body instanceof ReplyBody.Buffer buffer ? buffer.content() : Unpooled.EMPTY_BUFFER;
        if (wire != null && !http10Client) {
            return wire.writeAndFlush(ResponseHead.encodeWithBody(wire.alloc(), reply.status(), headers, content));
        }
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(version, reply.status(), content,
                headers, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        return ctx.writeAndFlush(full);
    }

    /** Drops a body that will not be sent (HEAD replies never open one, but errors may race). */
    static void discard(Reply reply) {
        if (reply.body() instanceof ReplyBody.FileRegion file) {
            closeQuietly(file);
        } else if (reply.body() instanceof ReplyBody.Buffer buffer) {
            buffer.content().release();
        } else if (reply.body() instanceof ReplyBody.Parts parts) {
            try {
                parts.channel().close();
            } catch (IOException ignored) {
                // nothing to add: the response has failed already
            }
        }
    }

    private static void closeQuietly(ReplyBody.FileRegion file) {
        try {
            file.channel().close();
        } catch (IOException ignored) {
            // nothing to add: the response has failed already
        }
    }
}
