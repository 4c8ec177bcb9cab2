package dev.gatehouse.files;

import dev.gatehouse.http.HttpDates;
import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Serves GET and HEAD from one document root.
 *
 * <p>Guarantees: nothing outside the root is ever read (see {@link RequestPath} and {@link DocRoot});
 * HEAD sends exactly the headers GET would; error replies never contain a file-system path or any
 * request text; file bodies are streamed from an open channel, never read whole into memory; the
 * length sent is the length of the file as opened, so a concurrent rewrite cannot desync the stream.
 */
public final class StaticFileHandler {

    private final DocRoot docRoot;

    public StaticFileHandler(DocRoot docRoot) {
        this.docRoot = docRoot;
    }

    /**
     * @param method         GET or HEAD (the caller refuses other methods)
     * @param requestHeaders the request's headers (validators, ranges, encodings)
     * @param rawPath        the path part of the request target, still percent-encoded
     * @param query          the query including its leading {@code ?}, or empty; kept on redirects
     */
    public Reply serve(HttpMethod method, HttpHeaders requestHeaders, String rawPath, String query) {
        RequestPath path;
        try {
            path = RequestPath.parse(rawPath);
        } catch (RequestPath.RefusedException e) {
            return Reply.error(e.refusal() == RequestPath.Refusal.MALFORMED
                    ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND);
        }
        DocRoot.Lookup lookup = docRoot.lookup(path);
        if (lookup instanceof DocRoot.AddSlash) {
            // rawPath has passed RequestPath's checks: no control characters can reach the header.
            return Reply.redirect(HttpResponseStatus.MOVED_PERMANENTLY, rawPath + "/" + query);
        }
        if (!(lookup instanceof DocRoot.Found found)) {
            return Reply.error(HttpResponseStatus.NOT_FOUND);
        }
        return fileReply(method, found);
    }

    private Reply fileReply(HttpMethod method, DocRoot.Found found) {
        FileChannel channel = null;
        long size;
        BasicFileAttributes attrs = found.attributes();
        if (method.equals(HttpMethod.HEAD)) {
            size = attrs.size();
        } else {
            try {
                channel = FileChannel.open(found.file(), StandardOpenOption.READ);
                size = channel.size();
            } catch (IOException e) {
                // Vanished or unreadable between lookup and open: the same answer as never there.
                return Reply.error(HttpResponseStatus.NOT_FOUND);
            }
        }
        Reply reply = new Reply(HttpResponseStatus.OK, new io.netty.handler.codec.http.DefaultHttpHeaders(),
                channel == null ? ReplyBody.EMPTY : new ReplyBody.FileRegion(channel, 0, size));
        reply.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.forFileName(found.file().getFileName().toString()))
                .set(HttpHeaderNames.CONTENT_LENGTH, size)
                .set(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(attrs.lastModifiedTime().toInstant()))
                .set(HttpHeaderNames.ETAG, etag(attrs, size));
        return reply;
    }

    /** A strong validator from size and modification time (nanoseconds where the file system has them). */
    static String etag(BasicFileAttributes attrs, long size) {
        long mtime = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.MICROSECONDS);
        return "\"" + Long.toHexString(mtime) + "-" + Long.toHexString(size) + "\"";
    }
}
