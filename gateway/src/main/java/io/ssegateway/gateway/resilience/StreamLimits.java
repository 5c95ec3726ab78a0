package io.ssegateway.gateway.resilience;

import io.ssegateway.gateway.config.LimitsSettings;

import java.util.HashMap;
import java.util.Map;

/** Counts open streams gateway-wide, per route and per client, and refuses a new one over a limit. */
public final class StreamLimits {
    /** Which limit refused a stream, or {@code NONE}. */
    public enum Refusal { NONE, GATEWAY, ROUTE, CLIENT }

    private final LimitsSettings settings;
    private final Map<String, Integer> perRoute = new HashMap<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    private int total;

    /** Limits as configured (zero = no limit). */
    public StreamLimits(LimitsSettings settings) {
        this.settings = settings;
    }

    /** The settings. */
    public LimitsSettings settings() {
        return settings;
    }

    /** Takes a place for a new stream, or says which limit refused it (nothing is taken then). */
    public synchronized Refusal acquire(String routeId, String client) {
        if (settings.maxStreams() > 0 && total >= settings.maxStreams()) {
            return Refusal.GATEWAY;
        }
        if (settings.perRoute() > 0 && perRoute.getOrDefault(routeId, 0) >= settings.perRoute()) {
            return Refusal.ROUTE;
        }
        if (settings.perClient() > 0 && perClient.getOrDefault(client, 0) >= settings.perClient()) {
            return Refusal.CLIENT;
        }
        total++;
        perRoute.merge(routeId, 1, Integer::sum);
        perClient.merge(client, 1, Integer::sum);
        return Refusal.NONE;
    }

    /** Gives back the place of a stream that ended. */
    public synchronized void release(String routeId, String client) {
        total--;
        perRoute.computeIfPresent(routeId, (k, v) -> v == 1 ? null : v - 1);
        perClient.computeIfPresent(client, (k, v) -> v == 1 ? null : v - 1);
    }

    /** Open streams counted now. */
    public synchronized int open() {
        return total;
    }
}
