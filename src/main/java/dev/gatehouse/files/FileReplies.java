package dev.gatehouse.files;

import dev.gatehouse.config.StaticConfig;
import dev.gatehouse.http.HttpDates;
import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one regular file into the reply for one GET or HEAD: choice of representation (a
 * precompressed sibling, an on-the-fly compressed form, or the file as it is), validators,
 * preconditions (RFC 9110 §13.2.2), then ranges (§14). HEAD goes through exactly the same decisions
 * as GET and differs only in that no file is opened and the body is empty; Content-Length says what
 * GET would send.
 *
 * <p>A GET opens the file before deciding, and takes its length from the open channel, so the
 * validators, Content-Length and the bytes streamed all describe the same file even if it is being
 * replaced. The channel is closed on every path that does not hand it to the reply.
 *
 * <p>Small files ({@code static.file-cache-max-file-size}) are answered from {@link FileCache}
 * without opening them; their bodies are slices of one shared read-only buffer.
 *
 * <p>Compression is never applied to range requests (a range of a compressed form is legal but
 * useless to the clients that send ranges: downloaders and media players resuming identity bytes).
 */
final class FileReplies {

    private final DocRoot docRoot;
    private final MediaTypes mediaTypes;
    private final StaticConfig config;
    private final List<String> onTheFly;
    private final ByteCache compressed;
    private final FileCache files;

    FileReplies(DocRoot docRoot, MediaTypes mediaTypes, StaticConfig config) {
        this.docRoot = docRoot;
        this.mediaTypes = mediaTypes;
        this.config = config;
        this.onTheFly = Compression.brotliAvailable() ? List.of(Compression.BR, Compression.GZIP)
                : List.of(Compression.GZIP);
        this.compressed = new ByteCache(config.cacheSize());
        this.files = new FileCache(config.fileCacheSize(), config.fileCacheMaxFileSize());
    }

    /** What to send for a file. {@code extra} headers (cache rules) are copied to 200/206/304. */
    Reply reply(HttpMethod method, HttpHeaders request, Path file, BasicFileAttributes attrs, HttpHeaders extra) {
        return reply(method, request, file, attrs, facts(file, attrs, extra));
    }

    /** The request-independent part of the reply for this version of a file (see {@link HotPaths}). */
    FileFacts facts(Path file, BasicFileAttributes attrs, HttpHeaders extra) {
        String contentType = mediaTypes.forFileName(file.getFileName().toString());
        HttpHeaders representation = new DefaultHttpHeaders().add(extra);
        boolean varies = MediaTypes.compressible(contentType)
                && (config.compress() || !config.precompressed().isEmpty());
        if (varies) {
            // Caches must key on Accept-Encoding whenever it can change the answer, identity included.
            representation.add(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        return new FileFacts(contentType, FileVersion.of(attrs, attrs.size(), null), representation, varies);
    }

    /** As above, with the facts of exactly this {@code attrs} worked out already. */
    Reply reply(HttpMethod method, HttpHeaders request, Path file, BasicFileAttributes attrs, FileFacts facts) {
        String contentType = facts.contentType;
        HttpHeaders representation = facts.representation;
        if (facts.varies) {
            String acceptEncoding = request.get(HttpHeaderNames.ACCEPT_ENCODING);
            if (acceptEncoding != null && !request.contains(HttpHeaderNames.RANGE)) {
                Reply sibling = precompressed(method, request, file, acceptEncoding, contentType, representation);
                if (sibling != null) {
                    return sibling;
                }
                Reply fly = onTheFly(method, request, file, attrs, acceptEncoding, contentType, representation);
                if (fly != null) {
                    return fly;
                }
            }
        }
        return fromFile(method, request, file, attrs, null, contentType, representation, facts);
    }

    private Reply precompressed(HttpMethod method, HttpHeaders request, Path file, String acceptEncoding,
            String contentType, HttpHeaders representation) {
        List<String> offered = new ArrayList<>(config.precompressed());
        while (!offered.isEmpty()) {
            String coding = AcceptEncoding.choose(acceptEncoding, offered);
            if (coding == null) {
                return null;
            }
            Path sibling = file.resolveSibling(file.getFileName() + Compression.suffix(coding));
            BasicFileAttributes attrs = docRoot.sibling(file, Compression.suffix(coding));
            if (attrs != null) {
                return fromFile(method, request, sibling, attrs, coding, contentType, representation, null);
            }
            offered.remove(coding);
        }
        return null;
    }

    private Reply onTheFly(HttpMethod method, HttpHeaders request, Path file, BasicFileAttributes attrs,
            String acceptEncoding, String contentType, HttpHeaders representation) {
        if (!config.compress() || attrs.size() < config.compressMinSize() || attrs.size() > config.compressMaxSize()) {
            return null;
        }
        String coding = AcceptEncoding.choose(acceptEncoding, onTheFly);
        if (coding == null) {
            return null;
        }
        FileVersion identity = FileVersion.of(attrs, attrs.size(), null);
        FileVersion version = FileVersion.of(attrs, attrs.size(), coding);
        String key = file + "\n" + version.etag().opaque();
        Reply early = preconditions(request, version, representation);
        if (early != null) {
            return early; // 304 / 412 without compressing anything
        }
        byte[] body = compressed.get(key);
        if (body == null) {
            byte[] original;
            try {
                original = Files.readAllBytes(file);
            } catch (IOException e) {
                return null; // let the identity path report it
            }
            if (original.length != identity.size()) {
                return null; // changed since lookup: the identity path re-reads the attributes
            }
            body = Compression.encode(coding, original, false);
            compressed.put(key, body);
        }
        Reply reply = new Reply(HttpResponseStatus.OK, new DefaultHttpHeaders(),
                method.equals(HttpMethod.HEAD) ? ReplyBody.EMPTY : new ReplyBody.Bytes(body));
        reply.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_ENCODING, coding)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        validators(reply.headers(), version);
        reply.headers().add(representation);
        return reply;
    }

    /** @param facts the facts of {@code attrs} when this is the identity form, else null */
    private Reply fromFile(HttpMethod method, HttpHeaders request, Path file, BasicFileAttributes attrs,
            String coding, String contentType, HttpHeaders representation, FileFacts facts) {
        if (!method.equals(HttpMethod.HEAD) && files.admits(attrs.size())) {
            Reply reply = fromMemory(request, file, attrs, coding, contentType, representation, facts);
            if (reply != null) {
                return reply;
            }
        }
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
            FileVersion version = facts != null && size == facts.identity.size() ? facts.identity
                    : FileVersion.of(attrs, size, coding);
            Reply reply = decide(request, version, new Source(channel, null), coding, contentType, representation,
                    facts);
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

    /**
     * A GET of a small file answered from {@link FileCache}: the version is the one the (possibly
     * cached) lookup saw, so memory and metadata agree and a change on disk shows once the metadata
     * TTL has passed. On a miss the file is read whole and kept only if it did not change while being
     * read (same size, modification time and inode before and after); null means "stream it instead".
     */
    private Reply fromMemory(HttpHeaders request, Path file, BasicFileAttributes attrs, String coding,
            String contentType, HttpHeaders representation, FileFacts facts) {
        FileVersion version = facts != null ? facts.identity : FileVersion.of(attrs, attrs.size(), coding);
        ByteBuf content = files.get(file, version.etag().opaque());
        if (content == null) {
            try {
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
                if (!files.admits(before.size())) {
                    return null;
                }
                byte[] bytes = readAtMost(file, before.size());
                BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
                if (bytes == null || !sameVersion(before, after) || bytes.length != after.size()) {
                    return null; // being written: stream this one, try again next time
                }
                version = FileVersion.of(after, after.size(), coding);
                content = files.put(file, version.etag().opaque(), bytes);
            } catch (IOException e) {
                return Reply.error(HttpResponseStatus.NOT_FOUND); // vanished since lookup
            }
        }
        try {
            return decide(request, version, new Source(null, content), coding, contentType, representation, facts);
        } finally {
            content.release(); // the reply holds its own duplicate or slice, if it has a body at all
        }
    }

    /** The whole file if it has exactly {@code expected} bytes, else null. */
    private static byte[] readAtMost(Path file, long expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) expected + 1);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until the buffer is full (grown file) or end of file
            }
            return buf.position() == expected ? java.util.Arrays.copyOf(buf.array(), (int) expected) : null;
        }
    }

    private static boolean sameVersion(BasicFileAttributes a, BasicFileAttributes b) {
        return a.size() == b.size() && a.lastModifiedTime().equals(b.lastModifiedTime())
                && java.util.Objects.equals(a.fileKey(), b.fileKey());
    }

    /**
     * Where the bytes of a representation come from: an open channel (streamed), a buffer (the
     * in-memory copy, sliced without copying), or neither (HEAD).
     */
    private record Source(FileChannel channel, ByteBuf buffer) {

        ReplyBody whole(long size) {
            return channel != null ? new ReplyBody.FileRegion(channel, 0, size)
                    : buffer != null ? new ReplyBody.Buffer(buffer.retainedDuplicate()) : ReplyBody.EMPTY;
        }

        ReplyBody range(ByteRanges.Range r) {
            return channel != null ? new ReplyBody.FileRegion(channel, r.first(), r.length())
                    : buffer != null ? new ReplyBody.Buffer(buffer.retainedSlice((int) r.first(), (int) r.length()))
                    : ReplyBody.EMPTY;
        }

        ReplyBody multipart(MultipartRanges multipart) {
            if (buffer == null) {
                return channel == null ? ReplyBody.EMPTY : multipart.body(channel);
            }
            ReplyBody.Parts layout = multipart.body(null);
            CompositeByteBuf out = Unpooled.compositeBuffer(layout.parts().size() * 2 + 1);
            for (ReplyBody.Part p : layout.parts()) {
                out.addComponent(true, Unpooled.wrappedBuffer(p.head()));
                out.addComponent(true, buffer.retainedSlice((int) p.offset(), (int) p.length()));
            }
            out.addComponent(true, Unpooled.wrappedBuffer(layout.trailer()));
            return new ReplyBody.Buffer(out);
        }
    }

    /** 304 or 412 if the preconditions say so, else null. */
    private static Reply preconditions(HttpHeaders request, FileVersion version, HttpHeaders representation) {
        if (!request.contains(HttpHeaderNames.IF_NONE_MATCH) && !request.contains(HttpHeaderNames.IF_MODIFIED_SINCE)
                && !request.contains(HttpHeaderNames.IF_MATCH)
                && !request.contains(HttpHeaderNames.IF_UNMODIFIED_SINCE)) {
            return null; // unconditional: the usual case, without building the conditions
        }
        Preconditions.Outcome outcome = Preconditions.evaluate(conditions(request), true, version.etag(),
                version.lastModified());
        if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
            // §15.4.5: the fields a 200 would carry that guide caches (ETag, Cache-Control, Expires,
            // Vary; Date is added by the writer); no Content-* fields, no body.
            Reply notModified = Reply.of(HttpResponseStatus.NOT_MODIFIED);
            notModified.headers().set(HttpHeaderNames.ETAG, version.etag().toString()).add(representation);
            return notModified;
        }
        if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
            return Reply.error(HttpResponseStatus.PRECONDITION_FAILED);
        }
        return null;
    }

    private Reply decide(HttpHeaders request, FileVersion version, Source source, String coding,
            String contentType, HttpHeaders representation, FileFacts facts) {
        Reply early = preconditions(request, version, representation);
        if (early != null) {
            return early;
        }
        long size = version.size();
        String range = coding != null ? null : request.get(HttpHeaderNames.RANGE);
        // The identity form of this very version, whole, from memory: the same headers every time.
        boolean usual = range == null && coding == null && facts != null && version == facts.identity
                && source.buffer() != null;
        if (usual && facts.fullReply() != null) {
            return new Reply(HttpResponseStatus.OK, new DefaultHttpHeaders().add(facts.fullReply()),
                    source.whole(size));
        }
        if (range != null && !Preconditions.ifRangeHolds(request.get(HttpHeaderNames.IF_RANGE), version.etag(),
                version.lastModified())) {
            range = null; // §13.2.2 step 5: the representation changed; send all of it
        }
        ByteRanges.Result ranges = ByteRanges.parse(range, size, config.maxRanges());
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            Reply reply = Reply.error(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            reply.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size)
                    .set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            return reply;
        }
        Reply reply;
        if (ranges instanceof ByteRanges.Satisfiable s && s.ranges().size() == 1) {
            ByteRanges.Range r = s.ranges().get(0);
            reply = new Reply(HttpResponseStatus.PARTIAL_CONTENT, new DefaultHttpHeaders(),
                    source.range(r));
            reply.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.CONTENT_RANGE, r.contentRange(size))
                    .set(HttpHeaderNames.CONTENT_LENGTH, r.length());
        } else if (ranges instanceof ByteRanges.Satisfiable s) {
            MultipartRanges multipart = new MultipartRanges(s.ranges(), contentType, size);
            reply = new Reply(HttpResponseStatus.PARTIAL_CONTENT, new DefaultHttpHeaders(),
                    source.multipart(multipart));
            reply.headers().set(HttpHeaderNames.CONTENT_TYPE, multipart.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, multipart.length());
        } else {
            reply = new Reply(HttpResponseStatus.OK, new DefaultHttpHeaders(),
                    source.whole(size));
            reply.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .set(HttpHeaderNames.CONTENT_LENGTH, size);
        }
        if (coding != null) {
            reply.headers().set(HttpHeaderNames.CONTENT_ENCODING, coding);
        }
        if (facts != null && version == facts.identity) {
            reply.headers().set(HttpHeaderNames.ETAG, facts.etag).set(HttpHeaderNames.LAST_MODIFIED, facts.lastModified);
        } else {
            validators(reply.headers(), version);
        }
        if (coding == null) {
            reply.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        reply.headers().add(representation);
        if (usual && reply.status().code() == 200) {
            facts.fullReply(reply.headers());
        }
        return reply;
    }

    private static void validators(HttpHeaders headers, FileVersion version) {
        headers.set(HttpHeaderNames.ETAG, version.etag().toString())
                .set(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(version.lastModified()));
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
