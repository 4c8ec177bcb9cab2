package dev.gatehouse.config;

/**
 * One {@code static.cache-control.<n>.*} rule: requests whose path matches {@code pattern} get
 * {@code Cache-Control: value}. Patterns starting with {@code /} match the whole path ({@code *}
 * within a segment, {@code **} across segments); others match the file name only ({@code *.html}).
 */
public record CacheRule(String pattern, String value) {
}
