package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Serving with a PKCS#12 store and with RSA and EC keys, on both TLS engines. */
class KeyStoreServingTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({
            "pkcs12, EC_P256, openssl, TLSv1.3", "pkcs12, RSA_2048, openssl, TLSv1.2",
            "pem, RSA_2048, openssl, TLSv1.3", "pem, EC_P384, openssl, TLSv1.2",
            "pkcs12, EC_P256, jdk, TLSv1.3", "pem, RSA_2048, jdk, TLSv1.2"})
    void servesWith(String store, TestPki.KeyKind kind, String provider, String protocol) throws Exception {
        TestServer.Builder builder = TestServer.builder(dir).key(kind).property("tls.provider", provider);
        if (store.equals("pkcs12")) {
            builder.pkcs12();
        }
        try (TestServer server = builder.start()) {
            HttpResponse<String> r = server.client(HttpClient.Version.HTTP_1_1, protocol)
                    .send(HttpRequest.newBuilder(server.https("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("hello");
            assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
            assertThat(r.sslSession().orElseThrow().getPeerCertificates()[0].getPublicKey().getAlgorithm())
                    .isEqualTo(kind.isRsa() ? "RSA" : "EC");
        }
    }
}
