package dev.gatehouse.files;

import dev.gatehouse.http.HttpDates;
import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Turns one regular file into the reply for one GET or HEAD: validators, preconditions (RFC 9110
 * §13.2.2), then ranges (§14). HEAD goes through exactly the same decisions as GET and differs only
 * in that no file is opened and the body is empty; Content-Length says what GET would send.
 *
 * <p>A GET opens the file before deciding, and takes its length from the open channel, so the
 * validators, Content-Length and the bytes streamed all describe the same file even if it is being
 * replaced. The channel is closed on every path that does not hand it to the reply.
 */
final class FileReplies {

    private final MediaTypes mediaTypes;
    private final int maxRanges;

    FileReplies(MediaTypes mediaTypes, int maxRanges) {
        this.mediaTypes = mediaTypes;
        this.maxRanges = maxRanges;
    }

    /** What to send for a file. {@code extra} headers (cache rules, Vary) are copied to 200/206/304. */
    Reply reply(HttpMethod method, HttpHeaders request, Path file, BasicFileAttributes attrs, HttpHeaders extra) {
        FileChannel channel = null;
        boolean handedOver = false;
        try {
            long size = attrs.size();
            if (!method.equals(HttpMethod.HEAD)) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                size = channel.size();
                if (size != attrs.size()) {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class); // replaced since lookup
                }
            }
            FileVersion version = FileVersion.of(attrs, size, null);
            Reply reply = decide(method, request, file, version, channel, extra);
            handedOver = reply.body() instanceof ReplyBody.FileRegion || reply.body() instanceof ReplyBody.Parts;
            return reply;
        } catch (IOException e) {
            // Vanished or unreadable between lookup and open: the same answer as never there.
            return Reply.error(HttpResponseStatus.NOT_FOUND);
        } finally {
            if (!handedOver && channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read-only channel: nothing was lost
                }
            }
        }
    }

    private Reply decide(HttpMethod method, HttpHeaders request, Path file, FileVersion version,
            FileChannel channel, HttpHeaders extra) {
        HttpHeaders validators = new DefaultHttpHeaders()
                .set(HttpHeaderNames.ETAG, version.etag().toString())
                .set(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(version.lastModified()));
        Preconditions.Outcome outcome = Preconditions.evaluate(conditions(request), true, version.etag(),
                version.lastModified());
        if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
            // §15.4.5: the fields a 200 would carry that guide caches; no Content-* fields, no body.
            Reply notModified = Reply.of(HttpResponseStatus.NOT_MODIFIED);
            notModified.headers().set(HttpHeaderNames.ETAG, version.etag().toString()).add(extra);
            return notModified;
        }
        if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
            return Reply.error(HttpResponseStatus.PRECONDITION_FAILED);
        }

        String contentType = mediaTypes.forFileName(file.getFileName().toString());
        long size = version.size();
        String range = request.get(HttpHeaderNames.RANGE);
        if (range != null && !Preconditions.ifRangeHolds(request.get(HttpHeaderNames.IF_RANGE), version.etag(),
                version.lastModified())) {
            range = null; // §13.2.2 step 5: the representation changed; send all of it
        }
        ByteRanges.Result ranges = ByteRanges.parse(range, size, maxRanges);
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            Reply reply = Reply.error(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            reply.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).add(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            return reply;
        }
        Reply reply;
        if (ranges instanceof ByteRanges.Satisfiable s && s.ranges().size() == 1) {
            ByteRanges.Range r = s.ranges().get(0);
            reply = new Reply(HttpResponseStatus.PARTIAL_CONTENT, new DefaultHttpHeaders(),
                    channel == null ? ReplyBody.EMPTY : new ReplyBody.FileRegion(channel, r.first(), r.length()));
            reply.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.CONTENT_RANGE, r.contentRange(size))
                    .set(HttpHeaderNames.CONTENT_LENGTH, r.length());
        } else if (ranges instanceof ByteRanges.Satisfiable s) {
            MultipartRanges multipart = new MultipartRanges(s.ranges(), contentType, size);
            reply = new Reply(HttpResponseStatus.PARTIAL_CONTENT, new DefaultHttpHeaders(),
                    channel == null ? ReplyBody.EMPTY : multipart.body(channel));
            reply.headers().set(HttpHeaderNames.CONTENT_TYPE, multipart.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, multipart.length());
        } else {
            reply = new Reply(HttpResponseStatus.OK, new DefaultHttpHeaders(),
                    channel == null ? ReplyBody.EMPTY : new ReplyBody.FileRegion(channel, 0, size));
            reply.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.CONTENT_LENGTH, size);
        }
        reply.headers().add(validators).set(HttpHeaderNames.ACCEPT_RANGES, "bytes").add(extra);
        return reply;
    }

    static Preconditions.Conditions conditions(HttpHeaders h) {
        return new Preconditions.Conditions(joined(h, HttpHeaderNames.IF_MATCH),
                h.get(HttpHeaderNames.IF_UNMODIFIED_SINCE), joined(h, HttpHeaderNames.IF_NONE_MATCH),
                h.get(HttpHeaderNames.IF_MODIFIED_SINCE));
    }

    /** A list header sent on several lines means the same as one line joined by commas (§5.3). */
    private static String joined(HttpHeaders h, CharSequence name) {
        List<String> all = h.getAll(name);
        return all.isEmpty() ? null : String.join(", ", all);
    }
}
