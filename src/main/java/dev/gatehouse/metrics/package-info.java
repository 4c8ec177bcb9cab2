/**
 * Counters for the hot path and their Prometheus text exposition. Recording is a few
 * {@link java.util.concurrent.atomic.LongAdder} increments (striped per thread, so event loops do not
 * contend); everything is summed only when {@code /metrics} is scraped. No Netty in here.
 */
package dev.gatehouse.metrics;
