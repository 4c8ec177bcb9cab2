package dev.gatehouse.files;

import dev.gatehouse.http.HttpDates;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * What the reply for one version of one file says regardless of the request: its content type, its
 * identity version with the ETag and Last-Modified texts, the representation headers (Vary, cache
 * rules), and, once built, the complete header set of a plain 200 from memory, which later requests
 * copy instead of building field by field. Immutable apart from that last one, which is set once and
 * never changed (a racing duplicate build is harmless: both are equal).
 */
final class FileFacts {

    final String contentType;
    final FileVersion identity;
    final String etag;
    final String lastModified;
    /** Read-only: Vary and the cache rule's headers, added to every 200/206/304 for this file. */
    final HttpHeaders representation;
    final boolean varies;
    private volatile HttpHeaders fullReply;

    FileFacts(String contentType, FileVersion identity, HttpHeaders representation, boolean varies) {
        this.contentType = contentType;
        this.identity = identity;
        this.etag = identity.etag().toString();
        this.lastModified = HttpDates.format(identity.lastModified());
        this.representation = representation;
        this.varies = varies;
    }

    /** The headers of a plain 200 of the identity form from memory, if built already (do not modify). */
    HttpHeaders fullReply() {
        return fullReply;
    }

    /**
     * Keeps a copy of {@code headers} whose values are {@link AsciiString}s: every later response
     * copies these instances, which go to the wire as bytes and whose hashes HTTP/2's header
     * compression computes once (a String value's hash was recomputed there per response). Values
     * passed the header map's checks already, so they hold no character above 0xFF.
     */
    void fullReply(HttpHeaders headers) {
        HttpHeaders copy = new DefaultHttpHeaders();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            copy.add(h.getKey(), AsciiString.of(h.getValue()));
        }
        fullReply = copy;
    }
}
