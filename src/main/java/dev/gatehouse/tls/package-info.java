/**
 * TLS key material for the server: loading certificate chains and private keys from the files
 * operators actually have (PEM in its many dialects, DER, PKCS#12, JKS), checking that the key
 * belongs to the certificate, and inspecting the chain for problems worth reporting at start-up
 * (expiry, ordering, missing intermediates, weak keys).
 *
 * <p>Errors are {@link dev.gatehouse.tls.KeyMaterialException}s whose message is a single line
 * naming the file and the problem, so they can be shown to an operator as-is, without a stack
 * trace. The package deliberately depends only on the JDK, Bouncy Castle and SLF4J: the keys it
 * returns are plain JDK key objects that any TLS engine (JDK {@code SSLEngine}, Netty/OpenSSL)
 * accepts. The {@code SslContext} construction that turns {@link dev.gatehouse.tls.KeyMaterial}
 * into a server TLS context also lives here.
 */
package dev.gatehouse.tls;
