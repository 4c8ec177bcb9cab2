package dev.gatehouse.config;

/**
 * HTTP/2 limits sent to clients in the server's SETTINGS frame (RFC 9113 §6.5.2) and enforced on
 * what they send.
 *
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS
 * @param initialWindowSize    SETTINGS_INITIAL_WINDOW_SIZE, bytes a client may send per stream unacknowledged
 * @param maxFrameSize         SETTINGS_MAX_FRAME_SIZE
 * @param maxHeaderListSize    SETTINGS_MAX_HEADER_LIST_SIZE (decoded size, the HPACK-bomb bound)
 */
public record Http2Config(int maxConcurrentStreams, int initialWindowSize, int maxFrameSize, int maxHeaderListSize) {

    public static final Http2Config DEFAULTS = new Http2Config(100, 64 * 1024, 16 * 1024, 16 * 1024);
}
