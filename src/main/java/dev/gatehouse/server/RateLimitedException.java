package dev.gatehouse.server;

import io.netty.handler.codec.DecoderException;

/** Marks a request refused by {@code limits.rate.*}; answered 429 with Retry-After. */
final class RateLimitedException extends DecoderException {

    private final long retryAfterSeconds;

    RateLimitedException(long retryAfterSeconds) {
        super("rate limited", null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a routine refusal, not a bug: no stack trace to pay for
    }
}
