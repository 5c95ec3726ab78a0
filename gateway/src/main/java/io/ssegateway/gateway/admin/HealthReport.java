package io.ssegateway.gateway.admin;

import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.ReloadState;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's readiness at one moment: ready when it is not draining and every route with upstreams has a usable
 * one.
 *
 * @param draining  whether the gateway is draining
 * @param routes    the routes asked about
 * @param usability per route id, each upstream and whether it is usable
 * @param reload    the config generation and the last reload, when the gateway reloads
 */
record HealthReport(boolean draining, List<RouteSettings> routes, Map<String, Map<URI, Boolean>> usability,
                    Optional<ReloadState> reload) {
    /** Asks {@code health} about each upstream of each of {@code routes}, once. */
    static HealthReport of(List<RouteSettings> routes, GatewayHealth health) {
        Map<String, Map<URI, Boolean>> usability = new LinkedHashMap<>();
        for (RouteSettings route : routes) {
            Map<URI, Boolean> upstreams = new LinkedHashMap<>();
            route.upstreams().forEach(upstream -> upstreams.put(upstream, health.usable(route.id(), upstream)));
            usability.put(route.id(), upstreams);
        }
        return new HealthReport(health.draining(), List.copyOf(routes), usability, health.reload());
    }

    /** Whether the gateway can take new streams on every route. */
    boolean ready() {
        return !draining && routes.stream().allMatch(route -> routeReady(route.id()));
    }

    /**
     * Whether a route has a usable upstream; a route without upstreams (a channel's, a polled source's) is always
     * ready.
     */
    boolean routeReady(String routeId) {
        Map<URI, Boolean> upstreams = usability.get(routeId);
        return upstreams.isEmpty() || upstreams.containsValue(true);
    }

    /** Whether an upstream of a route is usable. */
    boolean usable(String routeId, URI upstream) {
        return usability.get(routeId).getOrDefault(upstream, false);
    }

    /**
     * The report as JSON: {@code {"status":"UP"|"DOWN","draining":false,"routes":[{"id":..,"path":..,"ready":..,
     * "upstreams":[{"url":..,"usable":..}]}]}}.
     */
    String json() {
        return json(ready() ? "UP" : "DOWN", null);
    }

    /**
     * The readiness probe's JSON: as {@link #json()} with {@code "started"} after the status, which is UP only when
     * the start has finished and the gateway is {@link #ready()}.
     */
    String readinessJson(boolean started) {
        return json(started && ready() ? "UP" : "DOWN", started);
    }

    private String json(String status, Boolean started) {
        JsonText json = new JsonText().beginObject().name("status").value(status);
        if (started != null) {
            json.name("started").value(started);
        }
        json.name("draining").value(draining)
                .name("routes").beginArray();
        for (RouteSettings route : routes) {
            json.beginObject().name("id").value(route.id()).name("path").value(route.path())
                    .name("ready").value(routeReady(route.id()))
                    .name("upstreams").beginArray();
            usability.get(route.id()).forEach((upstream, usable) -> json.beginObject()
                    .name("url").value(upstream.toString()).name("usable").value(usable).endObject());
            json.endArray().endObject();
        }
        json.endArray();
        reload.ifPresent(state -> config(json, state));
        return json.endObject().toString();
    }

    /**
     * {@code "config":{"generation":2,"loadedAt":<epoch ms>,"lastReload":{"outcome":"failed","at":<epoch ms>,
     * "problems":[..],"restart":[..]}}}.
     */
    static void config(JsonText json, ReloadState state) {
        json.name("config").beginObject()
                .name("generation").value(state.generation())
                .name("loadedAt").value(state.loadedAt().toEpochMilli());
        state.last().ifPresent(last -> {
            json.name("lastReload");
            lastReload(json, state.generation(), last);
        });
        json.endObject();
    }

    /** One reload: {@code {"outcome":..,"generation":..,"at":..,"problems":[..],"restart":[..]}}. */
    static JsonText lastReload(JsonText json, long generation, ReloadState.Last last) {
        json.beginObject().name("outcome").value(last.outcome())
                .name("generation").value(generation)
                .name("at").value(last.at().toEpochMilli())
                .name("problems").beginArray();
        last.problems().forEach(json::value);
        json.endArray().name("restart").beginArray();
        last.restart().forEach(json::value);
        return json.endArray().endObject();
    }
}
