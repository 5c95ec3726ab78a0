package io.ssegateway.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/** Reads and checks the {@code routes} list: each route's own keys, then ids and paths unique across routes. */
final class RoutesReader {
    /** Route keys, in the order the documentation lists them. */
    static final List<String> ROUTE_KEYS = List.of("id", "path", "upstreams", "strip-prefix", "heartbeat",
                                                   "on-upstream-error", "max-event-size", "timeouts", "auth",
                                                   "balancer", "transforms", "monitors", "retries", "resume",
                                                   "passive-health", "health-check", "cors", "share", "long-poll",
                                                   "source");
    /** The keys of {@code route-defaults}: every route key but those that name one route. */
    static final List<String> DEFAULTS_KEYS = ROUTE_KEYS.stream()
            .filter(key -> !List.of("id", "path", "upstreams", "source").contains(key)).toList();
    /** The keys of {@code long-poll}. */
    static final List<String> LONG_POLL_KEYS = List.of("max-wait");
    /** The keys of {@code source}. */
    static final List<String> SOURCE_KEYS = List.of("poll");
    /** The keys of {@code source.poll}. */
    static final List<String> POLL_KEYS = List.of("url", "interval", "emit", "linger", "timeout", "history");
    /** The keys of {@code source.poll.history}. */
    static final List<String> POLL_HISTORY_KEYS = List.of("events", "age");
    /** Resume keys. */
    static final List<String> RESUME_KEYS = List.of("enabled", "on-end", "max-attempts", "backoff");
    /** Backoff keys. */
    static final List<String> BACKOFF_KEYS = List.of("initial", "max");
    /** Passive health keys. */
    static final List<String> PASSIVE_KEYS = List.of("failures", "window", "cooldown");
    /** Health check keys. */
    static final List<String> CHECK_KEYS = List.of("path", "interval", "timeout");
    /** Timeout keys. */
    static final List<String> TIMEOUT_KEYS = List.of("connect", "first-byte", "write-stall");
    /** The default route's id. */
    static final String DEFAULT_ID = "events";
    /** The default route's path. */
    static final String DEFAULT_PATH = "/events";
    /** Default heartbeat. */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** Default largest event on a transform route: 1 MiB. */
    static final long DEFAULT_MAX_EVENT_SIZE = 1024L * 1024L;
    /** Default timeouts: connect 5s, first byte 30s, write stall 60s. */
    static final Timeouts DEFAULT_TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                                                          Duration.ofSeconds(60));

    private static final Pattern ID = Pattern.compile("[a-z0-9_.-]+");

    private final Path home;
    private final Map<String, String> idOwners = new HashMap<>();
    private final Map<String, String> pathOwners = new HashMap<>();

    RoutesReader(Path home) {
        this.home = home;
    }

    /**
     * Checks the {@code route-defaults} object on its own (so a problem there is reported once, even when no route
     * inherits the key) and returns it for {@link #read}.
     */
    SettingsNode defaults(SettingsNode defaults) {
        if (defaults.expectObject()) {
            defaults.rejectUnknown(DEFAULTS_KEYS);
            settings(defaults, null, null, List.of());
        }
        return defaults;
    }

    /**
     * Reads every route of the list, each inheriting what it leaves out from {@code defaults} (the checked
     * {@code route-defaults} node, absent or not); problems go to the nodes' {@link Problems}.
     */
    List<RouteSettings> read(SettingsNode routes, SettingsNode defaults) {
        List<SettingsNode> elements = routes.elements();
        if (elements.isEmpty() && routes.config().type() == Config.Type.LIST) {
            routes.problem("at least one route is required");
        }
        List<RouteSettings> result = new ArrayList<>();
        for (SettingsNode route : elements) {
            if (route.expectObject()) {
                result.add(route(route, defaults));
            }
        }
        return result;
    }

    /**
     * The single route used when {@code routes} is absent and the demo upstream runs, inheriting
     * {@code route-defaults} like any route.
     */
    RouteSettings defaultRoute(int demoPort, SettingsNode defaults, ProblemSink problems) {
        String hocon = "{ id = \"" + DEFAULT_ID + "\", path = \"" + DEFAULT_PATH + "\", upstreams = [\"http://127.0.0.1:"
                + demoPort + "\"] }";
        SettingsNode route = new SettingsNode(HoconSource.string(hocon, "the demo route", Map.of()).config(),
                                              "routes[0]", problems);
        return route(route, defaults);
    }

    private RouteSettings route(SettingsNode own, SettingsNode defaults) {
        own.rejectUnknown(ROUTE_KEYS);
        SettingsNode route = defaults.config().type() == Config.Type.OBJECT ? own.inheriting(defaults) : own;
        String id = id(route.child("id"));
        String path = path(route.child("path"));
        SettingsNode sourceNode = own.child("source");
        Optional<PollSettings> source = source(sourceNode);
        List<URI> upstreams;
        if (sourceNode.exists()) {
            upstreams = List.of();
            if (own.child("upstreams").exists()) {
                own.child("upstreams").problem("a route has upstreams or a source, not both");
            }
            if (route.child("share").exists()) {
                route.child("share").problem("a route with a source is always shared (one poller for all"
                                             + " subscribers); remove share");
            }
        } else {
            upstreams = upstreams(route.child("upstreams"));
        }
        RouteSettings settings = settings(route, id, path, upstreams);
        return source.isEmpty() ? settings : new RouteSettings(
                settings.id(), settings.path(), settings.upstreams(), settings.stripPrefix(), settings.heartbeat(),
                settings.onUpstreamError(), settings.timeouts(), settings.maxEventSize(), settings.auth(),
                settings.balancer(), settings.transforms(), settings.monitors(), settings.resilience(),
                settings.cors(), Optional.empty(), settings.longPollMaxWait(), source);
    }

    /** A polled URL: http(s), a host, no user info, no fragment (a query is kept); null when it is not one. */
    private static URI pollUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getPort() > 65535) {
                return null;
            }
            return uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    ? new URI(uri.getScheme(), uri.getRawAuthority(), "/", uri.getRawQuery(), null) : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A route's {@code source { poll { ... } }}; empty when absent (or invalid: the problems are recorded). */
    private static Optional<PollSettings> source(SettingsNode node) {
        if (!node.exists() || !node.expectObject()) {
            return Optional.empty();
        }
        node.rejectUnknown(SOURCE_KEYS);
        SettingsNode poll = node.child("poll");
        if (!poll.exists()) {
            poll.problem("missing required key (the only source is poll { url = ... })", ValueText.NOTHING);
            return Optional.empty();
        }
        if (!poll.expectObject()) {
            return Optional.empty();
        }
        poll.rejectUnknown(POLL_KEYS);
        SettingsNode urlNode = poll.child("url");
        URI url = null;
        Optional<String> text = urlNode.required();
        if (text.isPresent()) {
            url = pollUrl(text.get());
            if (url == null) {
                urlNode.problem("must be an http(s) URL with a host, no credentials and no fragment",
                                UpstreamUrls.shown(text.get()));
            }
        }
        SettingsNode emitNode = poll.child("emit");
        PollSettings.Emit emit = emitNode.value().map(value -> switch (value) {
            case "on-change" -> PollSettings.Emit.ON_CHANGE;
            case "every" -> PollSettings.Emit.EVERY;
            default -> {
                emitNode.problem("must be on-change or every");
                yield PollSettings.Emit.ON_CHANGE;
            }
        }).orElse(PollSettings.Emit.ON_CHANGE);
        SettingsNode history = poll.child("history");
        history.expectObject();
        history.rejectUnknown(POLL_HISTORY_KEYS);
        ChannelSettings.History kept = new ChannelSettings.History(
                history.child("events").intInRange(PollSettings.DEFAULT_HISTORY.events(), 1, 1_000_000),
                history.child("age").positiveDuration(PollSettings.DEFAULT_HISTORY.age()));
        PollSettings settings = new PollSettings(url, poll.child("interval").positiveDuration(
                PollSettings.DEFAULT_INTERVAL), emit, poll.child("linger").positiveDuration(PollSettings.DEFAULT_LINGER),
                poll.child("timeout").positiveDuration(PollSettings.DEFAULT_TIMEOUT), kept);
        return url == null ? Optional.empty() : Optional.of(settings);
    }

    /** Reads every key of a route but its id, path and upstreams (also used to check {@code route-defaults}). */
    private RouteSettings settings(SettingsNode route, String id, String path, List<URI> upstreams) {
        boolean stripPrefix = route.child("strip-prefix").bool(false);
        Duration heartbeat = route.child("heartbeat").positiveDuration(DEFAULT_HEARTBEAT);
        OnUpstreamError onError = onUpstreamError(route.child("on-upstream-error"));
        long maxEventSize = route.child("max-event-size").positiveSize(DEFAULT_MAX_EVENT_SIZE);
        Timeouts timeouts = timeouts(route.child("timeouts"));
        Optional<PluginRef> auth = optionalPlugin(route.childWhole("auth"));
        Optional<PluginRef> balancer = optionalPlugin(route.childWhole("balancer"));
        List<PluginRef> transforms = plugins(route.childWhole("transforms"));
        List<PluginRef> monitors = plugins(route.childWhole("monitors"));
        ResilienceSettings resilience = resilience(route);
        SettingsNode longPoll = route.child("long-poll");
        longPoll.expectObject();
        longPoll.rejectUnknown(LONG_POLL_KEYS);
        Duration maxWait = longPoll.child("max-wait").positiveDuration(RouteSettings.DEFAULT_LONG_POLL_MAX_WAIT);
        return new RouteSettings(id, path, upstreams, stripPrefix, heartbeat, onError, timeouts, maxEventSize, auth,
                                 balancer, transforms, monitors, resilience, CorsReader.read(route.child("cors")),
                                 ShareReader.read(route.child("share")), maxWait, Optional.empty());
    }

    private String id(SettingsNode node) {
        Optional<String> id = node.required();
        if (id.isEmpty()) {
            return null;
        }
        if (!ID.matcher(id.get()).matches()) {
            node.problem("must match [a-z0-9-_.]+");
        } else {
            unique(node, id.get(), idOwners, "id");
        }
        return id.get();
    }

    private String path(SettingsNode node) {
        Optional<String> path = node.required();
        if (path.isEmpty()) {
            return null;
        }
        try {
            String normalized = RoutePaths.normalize(path.get());
            unique(node, normalized, pathOwners, "path");
            return normalized;
        } catch (IllegalArgumentException e) {
            node.problem(e.getMessage());
            return path.get();
        }
    }

    private void unique(SettingsNode node, String value, Map<String, String> owners, String what) {
        String routePath = HoconPath.parent(node.path());
        String owner = owners.putIfAbsent(value, routePath);
        if (owner != null) {
            node.problem("duplicate route " + what + ", already used by " + owner);
        }
    }

    private List<URI> upstreams(SettingsNode node) {
        if (!node.exists()) {
            node.problem("missing required key", ValueText.NOTHING);
            return List.of();
        }
        List<SettingsNode> elements = node.elements();
        if (elements.isEmpty() && node.config().type() == Config.Type.LIST) {
            node.problem("at least one upstream is required");
        }
        List<URI> upstreams = new ArrayList<>();
        for (SettingsNode element : elements) {
            element.value().ifPresent(text -> {
                try {
                    upstreams.add(UpstreamUrls.parse(text));
                } catch (IllegalArgumentException e) {
                    element.problem(e.getMessage(), UpstreamUrls.shown(text));
                }
            });
        }
        return upstreams;
    }

    private static OnUpstreamError onUpstreamError(SettingsNode node) {
        return node.value().map(text -> switch (text) {
            case "retry" -> OnUpstreamError.RETRY;
            case "status" -> OnUpstreamError.STATUS;
            default -> {
                node.problem("must be retry or status");
                yield OnUpstreamError.RETRY;
            }
        }).orElse(OnUpstreamError.RETRY);
    }

    private static ResilienceSettings resilience(SettingsNode route) {
        ResilienceSettings d = ResilienceSettings.defaults();
        int retries = route.child("retries").intInRange(d.retries(), 0, 10);
        SettingsNode resume = route.child("resume");
        resume.expectObject();
        resume.rejectUnknown(RESUME_KEYS);
        SettingsNode backoff = resume.child("backoff");
        backoff.expectObject();
        backoff.rejectUnknown(BACKOFF_KEYS);
        ResilienceSettings.Resume r = new ResilienceSettings.Resume(
                resume.child("enabled").bool(d.resume().enabled()),
                resume.child("max-attempts").intInRange(d.resume().maxAttempts(), 1, 1000),
                backoff.child("initial").positiveDuration(d.resume().backoffInitial()),
                backoff.child("max").positiveDuration(d.resume().backoffMax()),
                resume.child("on-end").bool(d.resume().onEnd()));
        if (r.backoffMax().compareTo(r.backoffInitial()) < 0) {
            backoff.child("max").problem("must not be shorter than backoff.initial (" + r.backoffInitial() + ")");
        }
        SettingsNode passive = route.child("passive-health");
        passive.expectObject();
        passive.rejectUnknown(PASSIVE_KEYS);
        ResilienceSettings.PassiveHealth p = new ResilienceSettings.PassiveHealth(
                passive.child("failures").intInRange(d.passiveHealth().failures(), 1, 1000),
                passive.child("window").positiveDuration(d.passiveHealth().window()),
                passive.child("cooldown").positiveDuration(d.passiveHealth().cooldown()));
        SettingsNode check = route.child("health-check");
        Optional<ResilienceSettings.HealthCheck> healthCheck = Optional.empty();
        if (check.exists() && check.expectObject()) {
            check.rejectUnknown(CHECK_KEYS);
            SettingsNode pathNode = check.child("path");
            String checkPath = pathNode.string("/health");
            if (!checkPath.startsWith("/")) {
                pathNode.problem("must start with /");
            }
            healthCheck = Optional.of(new ResilienceSettings.HealthCheck(
                    checkPath, check.child("interval").positiveDuration(Duration.ofSeconds(5)),
                    check.child("timeout").positiveDuration(Duration.ofSeconds(2))));
        }
        return new ResilienceSettings(retries, r, p, healthCheck);
    }

    private static Timeouts timeouts(SettingsNode node) {
        node.expectObject();
        node.rejectUnknown(TIMEOUT_KEYS);
        return new Timeouts(node.child("connect").positiveDuration(DEFAULT_TIMEOUTS.connect()),
                            node.child("first-byte").positiveDuration(DEFAULT_TIMEOUTS.firstByte()),
                            node.child("write-stall").positiveDuration(DEFAULT_TIMEOUTS.writeStall()));
    }

    private Optional<PluginRef> optionalPlugin(SettingsNode node) {
        if (!node.exists()) {
            return Optional.empty();
        }
        return plugin(node, home);
    }

    private List<PluginRef> plugins(SettingsNode node) {
        List<PluginRef> plugins = new ArrayList<>();
        for (SettingsNode element : node.elements()) {
            plugin(element, home).ifPresent(plugins::add);
        }
        return plugins;
    }

    /**
     * A plugin object ({@code { type = "...", ... }}, on a route or a channel): its type, which must not be empty,
     * and its config without {@code type}, whose files resolve against {@code home}; empty after a problem.
     */
    static Optional<PluginRef> plugin(SettingsNode node, Path home) {
        if (!node.expectObject()) {
            return Optional.empty();
        }
        return node.child("type").required()
                .filter(type -> {
                    if (type.isBlank()) {
                        node.child("type").problem("must not be empty");
                        return false;
                    }
                    return true;
                })
                .map(type -> new PluginRef(type, PluginConfigView.withoutType(node.config(), node.path(), home)));
    }
}
