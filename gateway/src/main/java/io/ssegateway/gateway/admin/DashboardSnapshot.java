package io.ssegateway.gateway.admin;

import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.Activity;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.observe.ChannelsView;
import io.ssegateway.gateway.observe.SharedStreamsView;
import io.ssegateway.gateway.observe.RouteStats;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the dashboard shows, as one JSON object: readiness, then per route its open streams, events per second with
 * the last minutes of history, totals, closes by reason, errors, rejections and upstream health, then the latest
 * activity of all routes. Field names are documented in docs/observability.md.
 */
final class DashboardSnapshot {
    private DashboardSnapshot() {
    }

    /** The snapshot of {@code stats} and {@code health} now. */
    static String json(GatewayStats stats, HealthReport health, Instant started, long monitorFailures) {
        Instant now = Instant.now();
        JsonText json = new JsonText().beginObject()
                .name("time").value(now.toEpochMilli())
                .name("uptimeSeconds").value(Duration.between(started, now).toSeconds())
                .name("status").value(health.ready() ? "UP" : "DOWN")
                .name("draining").value(health.draining())
                .name("monitorFailures").value(monitorFailures);
        health.reload().ifPresent(state -> HealthReport.config(json, state));
        json.name("routes").beginArray();
        for (RouteStats route : stats.routes()) {
            route(json, route, health);
        }
        json.endArray();
        shared(json, stats.sharedStreams());
        channels(json, stats.channels());
        json.name("recent").beginArray();
        for (Activity activity : stats.recent()) {
            json.beginObject()
                    .name("time").value(activity.time().toEpochMilli())
                    .name("route").value(activity.routeId())
                    .name("kind").value(activity.kind())
                    .name("what").value(activity.what())
                    .name("stream").value(activity.streamId())
                    .name("upstream").value(activity.upstream())
                    .name("status").value(activity.status())
                    .name("events").value(activity.events())
                    .name("millis").value(activity.millis())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** The shared streams (routes with share): totals, then the streams with the most clients first. */
    private static void shared(JsonText json, SharedStreamsView shared) {
        json.name("shared").beginObject()
                .name("open").value(shared.open())
                .name("clients").value(shared.clients())
                .name("opened").value(shared.opened())
                .name("saved").value(shared.saved())
                .name("replays").value(shared.replays())
                .name("replayMisses").value(shared.replayMisses())
                .name("caughtUp").value(shared.caughtUp())
                .name("slowClients").value(shared.slowClients())
                .name("streams").beginArray();
        for (SharedStreamsView.Row row : shared.streams()) {
            json.beginObject()
                    .name("route").value(row.routeId())
                    .name("path").value(row.path())
                    .name("state").value(row.state())
                    .name("clients").value(row.clients())
                    .name("events").value(row.events())
                    .endObject();
        }
        json.endArray().endObject();
    }

    /** The channels and polled routes, in config order. */
    private static void channels(JsonText json, ChannelsView channels) {
        json.name("channels").beginArray();
        for (ChannelsView.Row row : channels.rows()) {
            json.beginObject()
                    .name("id").value(row.id())
                    .name("path").value(row.path())
                    .name("source").value(row.source())
                    .name("state").value(row.state())
                    .name("subscribers").value(row.subscribers())
                    .name("published").value(row.published())
                    .name("delivered").value(row.delivered())
                    .name("history").value(row.history())
                    .name("errors").value(row.errors())
                    .name("gaps").value(row.gaps())
                    .endObject();
        }
        json.endArray();
    }

    private static void route(JsonText json, RouteStats route, HealthReport health) {
        RouteSettings settings = route.settings();
        json.beginObject()
                .name("id").value(settings.id())
                .name("path").value(settings.path())
                .name("ready").value(health.routeReady(settings.id()))
                .name("open").value(route.openStreams())
                .name("opened").value(route.opened())
                .name("events").value(route.events())
                .name("bytes").value(route.bytes())
                .name("eventsPerSecond").value(route.eventsPerSecond())
                .name("history").beginArray();
        for (double rate : route.eventRateHistory()) {
            json.value(rate);
        }
        json.endArray()
                .name("closed").counts(route.closedByReason())
                .name("errors").counts(route.errorsByKind())
                .name("rejected").counts(route.rejectedByReason())
                .name("resumes").value(route.resumes())
                .name("failedResumes").value(route.failedResumes())
                .name("upstreams").beginArray();
        Map<String, Integer> open = route.openByUpstream();
        for (URI upstream : settings.upstreams()) {
            json.beginObject()
                    .name("url").value(upstream.toString())
                    .name("usable").value(health.usable(settings.id(), upstream))
                    .name("open").value(open.getOrDefault(upstream.toString(), 0))
                    .endObject();
        }
        json.endArray().endObject();
    }
}
