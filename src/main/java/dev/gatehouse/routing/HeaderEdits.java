package dev.gatehouse.routing;

import dev.gatehouse.config.RouteConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Applies {@code header.set/add/remove.*} edits to response headers, in the order they were collected. */
public final class HeaderEdits {

    private HeaderEdits() {
    }

    public static void apply(List<RouteConfig.HeaderEdit> edits, HttpHeaders headers) {
        for (RouteConfig.HeaderEdit e : edits) {
            switch (e.op()) {
                case SET -> headers.set(e.name(), e.value());
                case ADD -> headers.add(e.name(), e.value());
                case REMOVE -> headers.remove(e.name());
            }
        }
    }
}
