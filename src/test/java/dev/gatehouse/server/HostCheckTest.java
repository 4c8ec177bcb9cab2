package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.HostHeader;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class HostCheckTest {

    private static HttpRequest request(String... hosts) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        for (String h : hosts) {
            r.headers().add(HttpHeaderNames.HOST, h);
        }
        return r;
    }

    @Test
    void aConnectionReusesItsLastHostOnlyWhileTheValueStaysTheSame() {
        ConnectionInfo connection = new ConnectionInfo();
        HostHeader first = HostCheck.check(request("Example.TEST:8443"), connection);
        assertThat(first).isEqualTo(new HostHeader("example.test", 8443));
        assertThat(HostCheck.check(request("Example.TEST:8443"), connection)).isSameAs(first);
        assertThat(HostCheck.check(request("other.test"), connection)).isEqualTo(new HostHeader("other.test", -1));
        assertThat(HostCheck.check(request("bad host"), connection)).isNull();
        assertThat(HostCheck.check(request("other.test", "other.test"), connection)).isNull();
        assertThat(HostCheck.check(request(), connection)).isNull();
        assertThat(HostCheck.check(request("other.test"), connection)).isEqualTo(new HostHeader("other.test", -1));
    }

    @Test
    void portsAreAsciiDigitsOnly() {
        assertThat(HostCheck.check(request("example.test:\u0661\u0662"), null)).isNull();
        assertThat(HostCheck.check(request("example.test:65536"), null)).isNull();
        assertThat(HostCheck.check(request("[::1]:443"), null)).isEqualTo(new HostHeader("[::1]", 443));
    }
}
