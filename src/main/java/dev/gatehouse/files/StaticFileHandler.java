package dev.gatehouse.files;

import dev.gatehouse.config.CacheRule;
import dev.gatehouse.config.StaticConfig;
import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves GET and HEAD from one document root.
 *
 * <p>Guarantees: nothing outside the root is ever read (see {@link RequestPath} and {@link DocRoot};
 * {@code static.symlinks=follow} is the documented exception); HEAD sends exactly the headers GET
 * would; error replies never contain a file-system path or any request text (custom error pages are
 * files the operator chose); file bodies are streamed from an open channel, never read whole into
 * memory (on-the-fly compression of files up to {@code static.compress-max-size} excepted); the
 * length sent is the length of the file as opened, so a concurrent rewrite cannot desync the stream.
 *
 * <p>Order of work: parse the path, apply {@code static.try-files} (or plain lookup), then the
 * representation ({@link FileReplies}: coding, preconditions, ranges), then the custom error page
 * for an error status.
 */
public final class StaticFileHandler {

    private static final int MAX_ERROR_PAGE = 1024 * 1024;

    private final DocRoot docRoot;
    private final FileReplies files;
    private final HotPaths hotPaths;
    private final MediaTypes mediaTypes;
    private final StaticConfig config;
    private final List<Map.Entry<PathGlob, String>> cacheRules = new ArrayList<>();

    /** @throws IOException if the document root cannot be resolved */
    public StaticFileHandler(StaticConfig config) throws IOException {
        this.config = config;
        this.docRoot = new DocRoot(config.root(), config.indexFiles(), config.symlinks(), config.metadataCacheTtl());
        this.mediaTypes = new MediaTypes(config.mimeTypes());
        this.files = new FileReplies(docRoot, mediaTypes, config);
        this.hotPaths = new HotPaths(docRoot);
        for (CacheRule rule : config.cacheControl()) {
            cacheRules.add(Map.entry(PathGlob.compile(rule.pattern()), rule.value()));
        }
    }

    /**
     * @param method         GET or HEAD (the caller refuses other methods)
     * @param requestHeaders the request's headers (validators, ranges, encodings)
     * @param rawPath        the path part of the request target, still percent-encoded
     * @param query          the query including its leading {@code ?}, or empty; kept on redirects
     */
    public Reply serve(HttpMethod method, HttpHeaders requestHeaders, String rawPath, String query) {
        Reply reply = route(method, requestHeaders, rawPath, query);
        int status = reply.status().code();
        if (status >= 400 && config.errorPages().containsKey(status)) {
            return errorPage(reply, config.errorPages().get(status));
        }
        return reply;
    }

    private Reply route(HttpMethod method, HttpHeaders requestHeaders, String rawPath, String query) {
        boolean plainLookup = config.tryFiles().isEmpty();
        if (plainLookup) {
            HotPaths.Hot hot = hotPaths.get(rawPath);
            if (hot != null) {
                return files.reply(method, requestHeaders, hot.found().file(), hot.found().attributes(), hot.facts());
            }
        }
        RequestPath path;
        try {
            path = RequestPath.parse(rawPath);
        } catch (RequestPath.RefusedException e) {
            return Reply.error(e.refusal() == RequestPath.Refusal.MALFORMED
                    ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND);
        }
        HttpHeaders extra = cacheHeaders(path);
        if (plainLookup) {
            DocRoot.Lookup lookup = docRoot.lookup(path);
            if (lookup instanceof DocRoot.Found found) {
                FileFacts facts = files.facts(found.file(), found.attributes(), extra);
                hotPaths.put(rawPath, found, facts);
                return files.reply(method, requestHeaders, found.file(), found.attributes(), facts);
            }
            if (lookup instanceof DocRoot.AddSlash) {
                // rawPath has passed RequestPath's checks: no control characters can reach the header.
                return Reply.redirect(HttpResponseStatus.MOVED_PERMANENTLY, rawPath + "/" + query);
            }
            Reply reply = answer(method, requestHeaders, path, lookup, query, extra);
            return reply != null ? reply : Reply.error(HttpResponseStatus.NOT_FOUND);
        }
        // try-files: {path} matches files only, {path}/ a directory's index (or listing); anything
        // else is a path in the root, typically an SPA's /index.html. First hit wins.
        for (String candidate : config.tryFiles()) {
            String tried = candidate.replace("{path}", rawPath);
            RequestPath p;
            try {
                p = RequestPath.parse(tried);
            } catch (RequestPath.RefusedException e) {
                continue;
            }
            Reply reply = answer(method, requestHeaders, p, docRoot.lookup(p), query, extra);
            if (reply != null) {
                return reply;
            }
        }
        return Reply.error(HttpResponseStatus.NOT_FOUND);
    }

    /** The reply for a lookup that found something servable, else null. */
    private Reply answer(HttpMethod method, HttpHeaders requestHeaders, RequestPath path, DocRoot.Lookup lookup,
            String query, HttpHeaders extra) {
        if (lookup instanceof DocRoot.Found found) {
            return files.reply(method, requestHeaders, found.file(), found.attributes(), extra);
        }
        if (lookup instanceof DocRoot.Directory dir && config.directoryListing()) {
            return listing(requestHeaders, path, dir, query);
        }
        return null;
    }

    private Reply listing(HttpHeaders requestHeaders, RequestPath path, DocRoot.Directory dir, String query) {
        List<DirectoryListing.Entry> entries;
        try {
            entries = DirectoryListing.read(docRoot, dir.dir());
        } catch (IOException e) {
            return Reply.error(HttpResponseStatus.NOT_FOUND);
        }
        DirectoryListing.sort(entries, query);
        String accept = requestHeaders.get(HttpHeaderNames.ACCEPT, "");
        boolean json = accept.contains("application/json") && !accept.contains("text/html");
        String display = "/" + path.relative() + (path.segments().isEmpty() ? "" : "/");
        Reply reply = new Reply(HttpResponseStatus.OK, new DefaultHttpHeaders(), ReplyBody.Bytes.utf8(
                json ? DirectoryListing.json(entries) : DirectoryListing.html(display, entries, query)));
        reply.headers().set(HttpHeaderNames.CONTENT_TYPE, json ? "application/json; charset=utf-8" : "text/html; charset=utf-8")
                .set(HttpHeaderNames.VARY, "Accept")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return reply;
    }

    private HttpHeaders cacheHeaders(RequestPath path) {
        if (cacheRules.isEmpty()) {
            return io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;
        }
        String decoded = "/" + path.relative() + (path.trailingSlash() && !path.segments().isEmpty() ? "/" : "");
        for (Map.Entry<PathGlob, String> rule : cacheRules) {
            if (rule.getKey().matches(decoded)) {
                return new DefaultHttpHeaders().set(HttpHeaderNames.CACHE_CONTROL, rule.getValue());
            }
        }
        return io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;
    }

    /** The operator's page for this status, keeping the status and the reply's own headers. */
    private Reply errorPage(Reply reply, String pagePath) {
        try {
            DocRoot.Lookup lookup = docRoot.lookup(RequestPath.parse(pagePath));
            if (lookup instanceof DocRoot.Found found && found.attributes().size() <= MAX_ERROR_PAGE) {
                byte[] page = Files.readAllBytes(found.file());
                Reply custom = new Reply(reply.status(), reply.headers(), new ReplyBody.Bytes(page));
                custom.headers().remove(HttpHeaderNames.CONTENT_LENGTH)
                        .set(HttpHeaderNames.CONTENT_TYPE, mediaTypes.forFileName(found.file().getFileName().toString()));
                return custom;
            }
        } catch (RequestPath.RefusedException | IOException e) {
            // a missing or unreadable error page must not turn a 404 into something worse
        }
        return reply;
    }
}
