package dev.gatehouse.config;

import java.time.Duration;

/**
 * @param handshake     time allowed for the TLS handshake
 * @param requestHeader time allowed to receive a complete request head
 * @param idle          how long a keep-alive connection may sit without a request
 * @param shutdownGrace how long in-flight responses may run after SIGTERM
 * @param requestBody   longest pause between two reads of a request body
 * @param write         longest a single write may wait for the client to take data (slow readers)
 */
public record TimeoutsConfig(Duration handshake, Duration requestHeader, Duration idle, Duration shutdownGrace,
        Duration requestBody, Duration write) {
}
