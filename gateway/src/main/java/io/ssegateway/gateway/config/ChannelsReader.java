package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/**
 * Reads and checks the top-level {@code broker} object and the {@code channels} list: each channel's keys, then ids
 * and paths unique across channels and routes. Publishing is never anonymous unless {@code publish.auth = none} is
 * written.
 */
final class ChannelsReader {
    /** The keys of a channel, in the order the documentation lists them. */
    static final List<String> CHANNEL_KEYS = List.of("id", "path", "history", "max-event-size", "publish",
                                                     "subscribe", "long-poll", "heartbeat", "max-queue", "cors");
    /** The keys of {@code history}. */
    static final List<String> HISTORY_KEYS = List.of("events", "age");
    /** The keys of {@code publish} and {@code subscribe}. */
    static final List<String> AUTH_KEYS = List.of("auth");
    /** The keys of {@code long-poll}. */
    static final List<String> LONG_POLL_KEYS = List.of("max-wait");
    /** The keys of the built-in memory broker. */
    static final List<String> MEMORY_BROKER_KEYS = List.of("type", "history-bytes");
    /** What {@code auth} says for "no auth". */
    static final String NONE = "none";

    private static final Pattern ID = Pattern.compile("[a-z0-9_.-]+");

    private final Path home;

    ChannelsReader(Path home) {
        this.home = home;
    }

    /** The broker settings; the memory broker when {@code broker} is absent. */
    BrokerSettings broker(SettingsNode node) {
        if (!node.expectObject()) {
            return BrokerSettings.memory();
        }
        String type = node.child("type").string(BrokerSettings.MEMORY);
        if (type.equals(BrokerSettings.MEMORY)) {
            node.rejectUnknown(MEMORY_BROKER_KEYS);
            return new BrokerSettings(type, node.child("history-bytes").positiveSize(
                    BrokerSettings.DEFAULT_HISTORY_BYTES), Optional.empty());
        }
        return new BrokerSettings(type, BrokerSettings.DEFAULT_HISTORY_BYTES, Optional.of(
                new PluginRef(type, PluginConfigView.withoutType(node.config(), node.path(), home))));
    }

    /** Every channel of the list; ids and paths must differ from each other's and from the routes'. */
    List<ChannelSettings> read(SettingsNode channels, List<RouteSettings> routes) {
        Map<String, String> idOwners = new HashMap<>();
        Map<String, String> pathOwners = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            idOwners.put(routes.get(i).id(), "routes[" + i + "]");
            pathOwners.put(routes.get(i).path(), "routes[" + i + "]");
        }
        List<ChannelSettings> result = new ArrayList<>();
        for (SettingsNode channel : channels.elements()) {
            if (channel.expectObject()) {
                result.add(channel(channel, idOwners, pathOwners));
            }
        }
        return result;
    }

    private ChannelSettings channel(SettingsNode node, Map<String, String> idOwners, Map<String, String> pathOwners) {
        node.rejectUnknown(CHANNEL_KEYS);
        SettingsNode idNode = node.child("id");
        String id = idNode.required().orElse(null);
        if (id != null) {
            if (!ID.matcher(id).matches()) {
                idNode.problem("must match [a-z0-9-_.]+");
            } else {
                unique(idNode, id, idOwners, "id");
            }
        }
        SettingsNode pathNode = node.child("path");
        String path = pathNode.required().orElse(null);
        if (path != null) {
            try {
                path = RoutePaths.normalize(path);
                unique(pathNode, path, pathOwners, "path");
            } catch (IllegalArgumentException e) {
                pathNode.problem(e.getMessage());
            }
        }
        SettingsNode historyNode = node.child("history");
        historyNode.expectObject();
        historyNode.rejectUnknown(HISTORY_KEYS);
        ChannelSettings.History history = new ChannelSettings.History(
                historyNode.child("events").intInRange(ChannelSettings.DEFAULT_HISTORY_EVENTS, 1, 1_000_000),
                historyNode.child("age").positiveDuration(ChannelSettings.DEFAULT_HISTORY_AGE));
        long maxEventSize = node.child("max-event-size").positiveSize(RoutesReader.DEFAULT_MAX_EVENT_SIZE);
        SettingsNode publish = node.child("publish");
        Optional<PluginRef> publishAuth = Optional.empty();
        if (!publish.exists()) {
            publish.problem("missing required key (publishing is never anonymous: name an auth plugin in"
                            + " publish.auth, or write publish.auth = none to let anyone publish)", ValueText.NOTHING);
        } else if (publish.expectObject()) {
            publish.rejectUnknown(AUTH_KEYS);
            SettingsNode auth = publish.child("auth");
            if (!auth.exists()) {
                auth.problem("missing required key (publishing is never anonymous: name an auth plugin, or write"
                             + " publish.auth = none to let anyone publish)", ValueText.NOTHING);
            } else {
                publishAuth = auth(auth);
            }
        }
        SettingsNode subscribe = node.child("subscribe");
        Optional<PluginRef> subscribeAuth = Optional.empty();
        if (subscribe.expectObject()) {
            subscribe.rejectUnknown(AUTH_KEYS);
            SettingsNode auth = subscribe.child("auth");
            if (auth.exists()) {
                subscribeAuth = auth(auth);
            }
        }
        SettingsNode longPoll = node.child("long-poll");
        longPoll.expectObject();
        longPoll.rejectUnknown(LONG_POLL_KEYS);
        Duration maxWait = longPoll.child("max-wait").positiveDuration(ChannelSettings.DEFAULT_LONG_POLL_MAX_WAIT);
        Duration heartbeat = node.child("heartbeat").positiveDuration(RoutesReader.DEFAULT_HEARTBEAT);
        long maxQueue = node.child("max-queue").positiveSize(ShareSettings.DEFAULT_MAX_QUEUE);
        return new ChannelSettings(id, path, history, maxEventSize, publishAuth, subscribeAuth, maxWait, heartbeat,
                                   maxQueue, CorsReader.read(node.child("cors")));
    }

    /** {@code auth = none} (empty), or an auth plugin object as on routes. */
    private Optional<PluginRef> auth(SettingsNode node) {
        if (node.config().type() == Config.Type.VALUE) {
            if (!node.value().orElse("").equals(NONE)) {
                node.problem("must be \"none\" or an auth plugin object such as { type = \"bearer\", ... }");
            }
            return Optional.empty();
        }
        return RoutesReader.plugin(node, home);
    }

    private static void unique(SettingsNode node, String value, Map<String, String> owners, String what) {
        String owner = owners.putIfAbsent(value, HoconPath.parent(node.path()));
        if (owner != null) {
            node.problem("duplicate " + what + ", already used by " + owner);
        }
    }
}
