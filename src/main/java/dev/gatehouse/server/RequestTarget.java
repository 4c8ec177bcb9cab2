package dev.gatehouse.server;

/**
 * The request target split into path and query (RFC 9112 §3.2). Absolute-form targets are reduced to
 * their path; the asterisk form is kept as {@code *}. Returns null for targets that are malformed or
 * carry characters no valid target can hold, so that nothing unsafe reaches a header or a file lookup.
 */
record RequestTarget(String path, String query) {

    static RequestTarget parse(String uri) {
        if (uri.equals("*")) {
            return new RequestTarget("*", "");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return null;
            }
        }
        String rest = uri;
        if (!rest.startsWith("/")) {
            int scheme = rest.indexOf("://");
            if (scheme <= 0 || !(rest.regionMatches(true, 0, "http", 0, scheme) && scheme == 4 || rest.regionMatches(true, 0, "https", 0, scheme) && scheme == 5)) {
                return null;
            }
            int slash = rest.indexOf('/', scheme + 3);
            int question = rest.indexOf('?', scheme + 3);
            if (slash < 0 || (question >= 0 && question < slash)) {
                rest = "/" + (question >= 0 ? rest.substring(question) : "");
            } else {
                rest = rest.substring(slash);
            }
        }
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        return q < 0 ? new RequestTarget(rest, "") : new RequestTarget(rest.substring(0, q), rest.substring(q));
    }
}
