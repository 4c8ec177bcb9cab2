package dev.gatehouse.files;

import dev.gatehouse.config.StaticConfig;
import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * Serves GET and HEAD from one document root.
 *
 * <p>Guarantees: nothing outside the root is ever read (see {@link RequestPath} and {@link DocRoot});
 * HEAD sends exactly the headers GET would; error replies never contain a file-system path or any
 * request text; file bodies are streamed from an open channel, never read whole into memory; the
 * length sent is the length of the file as opened, so a concurrent rewrite cannot desync the stream.
 */
public final class StaticFileHandler {

    private static final HttpHeaders EMPTY_HEADERS = io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;

    private final DocRoot docRoot;
    private final FileReplies files;

    /** @throws IOException if the document root cannot be resolved */
    public StaticFileHandler(StaticConfig config) throws IOException {
        this.docRoot = new DocRoot(config.root(), config.indexFiles());
        this.files = new FileReplies(docRoot, new MediaTypes(config.mimeTypes()), config);
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
        return files.reply(method, requestHeaders, found.file(), found.attributes(), EMPTY_HEADERS);
    }

}
