package dev.gatehouse.config;

/** Sizes that bound what one request may make the server hold. */
public record LimitsConfig(int maxInitialLineLength, int maxHeaderSize) {
}
