package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void ipv6PeersAreQuotedAndBracketedInForwarded() throws Exception {
        HttpHeaders in = new DefaultHttpHeaders().set("host", "example.org");
        HttpHeaders out = ForwardedHeaders.forRequest(in, InetAddress.getByName("2001:db8::1"), false, "example.org", null);
        assertThat(out.get("forwarded")).isEqualTo("for=\"[2001:db8:0:0:0:0:0:1]\";proto=https;host=example.org");
        assertThat(out.get("x-forwarded-for")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(out.get("host")).isEqualTo("example.org");
    }

    @Test
    void hopByHopAndConnectionNamedHeadersAreDropped() {
        HttpHeaders in = new DefaultHttpHeaders().set("connection", "keep-alive, X-Private").set("x-private", "1")
                .set("keep-alive", "timeout=5").set("transfer-encoding", "chunked").set("upgrade", "h2c")
                .set("proxy-authorization", "Basic x").set("te", "trailers").set("x-public", "2");
        HttpHeaders out = ForwardedHeaders.withoutHopByHop(in);
        assertThat(out.names()).containsExactly("x-public");
    }

    @Test
    void websocketUpgradeIsRecognised() {
        assertThat(ForwardedHeaders.isWebSocketUpgrade(new DefaultHttpHeaders()
                .set("connection", "keep-alive, Upgrade").set("upgrade", "WebSocket"))).isTrue();
        assertThat(ForwardedHeaders.isWebSocketUpgrade(new DefaultHttpHeaders().set("upgrade", "websocket"))).isFalse();
    }
}
