package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.RouteSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keys a reload cannot apply to a running gateway: the listeners (address, port, HTTP versions, edge limits),
 * the admin listener, the demo origin, the stream limits, the broker, the channels and the routes with a polled
 * source. A reload reports each one that changed as needing a
 * restart and applies everything else.
 */
final class RestartKeys {
    private RestartKeys() {
    }

    /**
     * The changed keys of {@code next} that need a restart, each as {@code <hocon path>: <what> (got: <value>)}.
     *
     * @param running      the settings the gateway started with
     * @param next         the settings just read
     * @param sharesServed whether the gateway serves shared streams (a route had {@code share} at start)
     */
    static List<String> changed(GatewaySettings running, GatewaySettings next, boolean sharesServed) {
        List<String> keys = new ArrayList<>();
        compare(keys, "server.host", running.server().host(), next.server().host());
        compare(keys, "server.port", running.server().port(), next.server().port());
        EdgeSettings was = running.server().edge();
        EdgeSettings now = next.server().edge();
        compare(keys, "server.tls", was.tls().isPresent() ? "on" : "off", now.tls().isPresent() ? "on" : "off");
        compare(keys, "server.http2", was.http2(), now.http2());
        compare(keys, "server.h2c", was.h2c(), now.h2c());
        compare(keys, "server.idle-timeout", was.idleTimeout(), now.idleTimeout());
        compare(keys, "server.security-headers", was.securityHeaders(), now.securityHeaders());
        compare(keys, "server.request-head", was.requestHead(), now.requestHead());
        compare(keys, "admin", running.admin(), next.admin());
        compare(keys, "demo-upstream", running.demoUpstream(), next.demoUpstream());
        compare(keys, "limits", running.limits(), next.limits());
        made(keys, "broker", running.broker(), next.broker(), "the broker");
        made(keys, "channels", running.channels(), next.channels(), "channels");
        made(keys, "routes", polled(running), polled(next), "routes with a polled source");
        if (!sharesServed) {
            for (int i = 0; i < next.routes().size(); i++) {
                RouteSettings route = next.routes().get(i);
                if (route.share().isPresent()) {
                    keys.add("routes[" + i + "].share: shared streams need a restart when no route had share at"
                             + " start; until then this route's clients get streams of their own (got: "
                             + route.id() + ")");
                }
            }
        }
        return keys;
    }

    /** The routes with a polled source ({@code source { poll }}): made once at the start, like channels. */
    private static List<RouteSettings> polled(GatewaySettings settings) {
        return settings.routes().stream().filter(route -> route.source().isPresent()).toList();
    }

    /** A part made once at the start: named, without its settings' long text. */
    private static void made(List<String> keys, String path, Object running, Object next, String what) {
        if (!Objects.equals(running, next)) {
            keys.add(path + ": changed, takes effect after a restart (" + what + ": made once at the start; the"
                     + " gateway goes on with what it has) (got: a change)");
        }
    }

    private static void compare(List<String> keys, String path, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            keys.add(path + ": changed, takes effect after a restart; the gateway goes on with " + running
                     + " (got: " + next + ")");
        }
    }
}
