package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;

/**
 * The classes loaded ahead exist in the Netty we ship with: after an upgrade that renamed one, loading
 * it would quietly do nothing (by design, the server still starts), so this test is what notices.
 */
class FirstUseClassesTest {

    @Test
    void everyNamedClassExistsInThisNetty() {
        for (String name : FirstUseClasses.NAMES) {
            assertThatCode(() -> Class.forName(name, false, SslHandler.class.getClassLoader()))
                    .as(name).doesNotThrowAnyException();
        }
        assertThatCode(FirstUseClasses::load).doesNotThrowAnyException();
    }
}
