package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes an HTTP/1.1 status line and header block straight into a pooled buffer, the way Netty's
 * {@code HttpResponseEncoder} would put it on the wire (names as given, values as US-ASCII), for the
 * complete responses {@link ResponseWriter} writes below the encoder. A small body is copied behind
 * the head, so TLS gets one buffer and makes one record of the whole response.
 */
final class ResponseHead {

    /** Bodies up to this size are copied behind the head; larger ones follow it as their own buffer. */
    static final int COPY_LIMIT = 8 * 1024;
    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SPACE = (':' << 8) | ' ';

    private ResponseHead() {
    }

    /** The head and the body as one message; takes over the caller's reference to {@code content}. */
    static ByteBuf encodeWithBody(ByteBufAllocator alloc, HttpResponseStatus status, HttpHeaders headers,
            ByteBuf content) {
        int length = content.readableBytes();
        boolean copy = length <= COPY_LIMIT;
        ByteBuf head = alloc.buffer(256 + (copy ? length : 0));
        try {
            head.writeBytes(HTTP_1_1);
            ByteBufUtil.copy(status.codeAsText(), head);
            head.writeByte(' ');
            ByteBufUtil.writeAscii(head, status.reasonPhrase());
            head.writeShort(CRLF);
            Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
            while (it.hasNext()) {
                Map.Entry<CharSequence, CharSequence> h = it.next();
                ascii(head, h.getKey());
                head.writeShort(COLON_SPACE);
                ascii(head, h.getValue());
                head.writeShort(CRLF);
            }
            head.writeShort(CRLF);
            if (copy) {
                head.writeBytes(content, content.readerIndex(), length);
                content.release();
                return head;
            }
        } catch (RuntimeException e) {
            head.release();
            content.release();
            throw e;
        }
        CompositeByteBuf both = alloc.compositeBuffer(2);
        both.addComponents(true, head, content);
        return both;
    }

    private static void ascii(ByteBuf out, CharSequence s) {
        if (s instanceof AsciiString a) {
            ByteBufUtil.copy(a, out);
        } else {
            ByteBufUtil.writeAscii(out, s);
        }
    }
}
