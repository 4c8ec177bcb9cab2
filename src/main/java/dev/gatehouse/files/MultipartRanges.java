package dev.gatehouse.files;

import dev.gatehouse.http.ReplyBody;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The layout of a {@code multipart/byteranges} body (RFC 9110 §14.6): part heads, file pieces and the
 * closing delimiter, with its exact length known before a byte is read (so HEAD can announce it).
 */
final class MultipartRanges {

    private final String boundary;
    private final List<ReplyBody.Part> parts;
    private final byte[] trailer;

    MultipartRanges(List<ByteRanges.Range> ranges, String contentType, long total) {
        this(ranges, contentType, total, newBoundary());
    }

    MultipartRanges(List<ByteRanges.Range> ranges, String contentType, long total, String boundary) {
        this.boundary = boundary;
        List<ReplyBody.Part> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            ByteRanges.Range r = ranges.get(i);
            // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1).
            String head = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Content-Range: " + r.contentRange(total) + "\r\n\r\n";
            out.add(new ReplyBody.Part(head.getBytes(StandardCharsets.US_ASCII), r.first(), r.length()));
        }
        this.parts = List.copyOf(out);
        this.trailer = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    long length() {
        return body(null).length();
    }

    ReplyBody.Parts body(FileChannel channel) {
        return new ReplyBody.Parts(channel, parts, trailer);
    }

    /** 24 random hex digits: cannot plausibly occur in the file, and says nothing about the server. */
    private static String newBoundary() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%08x", random.nextLong(), random.nextInt());
    }
}
