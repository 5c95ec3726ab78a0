package io.ssegateway.gateway.observe;

import java.net.URI;
import java.util.Optional;

/**
 * What {@code /observe/health} and the dashboard ask about the gateway's state. The gateway is ready when it is
 * not draining and every route has at least one usable upstream. Called from admin requests, so keep it quick.
 */
public interface GatewayHealth {
    /** Whether the gateway is draining: it refuses new streams and is about to stop. */
    boolean draining();

    /** Whether an upstream of a route may take new streams now. */
    boolean usable(String routeId, URI upstream);

    /** The config generation and the last reload; empty where the gateway cannot reload (tests). */
    default Optional<ReloadState> reload() {
        return Optional.empty();
    }
}
