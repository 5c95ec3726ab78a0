package io.ssegateway.gateway.observe;

import io.ssegateway.gateway.config.RouteSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The {@link RouteStats} of every route, in config order, and the activity they share. */
public final class GatewayStats {
    /** Entries of latest activity kept. */
    public static final int RECENT_ENTRIES = 30;

    private volatile Map<String, RouteStats> byRoute;
    private final RecentActivity recent = new RecentActivity(RECENT_ENTRIES);
    private volatile Supplier<SharedStreamsView> shared = () -> SharedStreamsView.NONE;
    private volatile Supplier<ChannelsView> channels = () -> ChannelsView.NONE;

    /** Stats for these routes. */
    public GatewayStats(List<RouteSettings> routes) {
        Map<String, RouteStats> stats = new LinkedHashMap<>();
        for (RouteSettings route : routes) {
            stats.put(route.id(), new RouteStats(route, recent));
        }
        byRoute = stats;
    }

    /**
     * After a reload: the stats of these routes, in config order. A route in {@code kept} (unchanged by the reload)
     * keeps its stats; the others start new ones. Streams still open on a replaced route go on counting in the
     * stats they started with, which the dashboard no longer shows.
     */
    public synchronized void reconfigure(List<RouteSettings> routes, Set<String> kept) {
        Map<String, RouteStats> stats = new LinkedHashMap<>();
        for (RouteSettings route : routes) {
            RouteStats old = byRoute.get(route.id());
            stats.put(route.id(), kept.contains(route.id()) && old != null ? old : new RouteStats(route, recent));
        }
        byRoute = stats;
    }

    /** The stats of a configured route. */
    public RouteStats route(String routeId) {
        RouteStats stats = byRoute.get(routeId);
        if (stats == null) {
            throw new IllegalArgumentException("no route " + routeId + " (routes: " + byRoute.keySet() + ")");
        }
        return stats;
    }

    /** Every route's stats, in config order. */
    public List<RouteStats> routes() {
        return List.copyOf(byRoute.values());
    }

    /** The latest closes, errors, rejections and resumes of all routes, newest first. */
    public List<Activity> recent() {
        return recent.latest();
    }

    /** Where the dashboard reads the shared streams from (routes with {@code share}). */
    public void sharedStreams(Supplier<SharedStreamsView> source) {
        this.shared = source;
    }

    /** The shared streams now. */
    public SharedStreamsView sharedStreams() {
        return shared.get();
    }

    /** Where the dashboard reads the channels from. */
    public void channels(Supplier<ChannelsView> source) {
        this.channels = source;
    }

    /** The channels now. */
    public ChannelsView channels() {
        return channels.get();
    }

    /** Takes every route's per-second samples; called once a second. */
    public void sample(long nanos) {
        byRoute.values().forEach(stats -> stats.sample(nanos));
    }
}
