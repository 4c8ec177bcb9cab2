package dev.gatehouse.config;

import java.time.Duration;

/**
 * @param handshake     time allowed for the TLS handshake
 * @param requestHeader time allowed to receive a complete request head
 * @param idle          how long a keep-alive connection may sit without a request
 * @param shutdownGrace how long in-flight responses may run after SIGTERM
 */
public record TimeoutsConfig(Duration handshake, Duration requestHeader, Duration idle, Duration shutdownGrace) {
}
