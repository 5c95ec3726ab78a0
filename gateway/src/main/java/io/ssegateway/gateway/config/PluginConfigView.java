package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.helidon.config.Config;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginConfigException;

/**
 * A plugin's config node as a {@link PluginConfig}: typed getters that name the HOCON path in their errors, the same
 * duration and size forms as the gateway's own keys, environment overrides (the node's keys are looked up through
 * {@link EnvironmentOverrides}), and a record of which keys the plugin read so the rest can be reported as unknown.
 * Values under keys that look like credentials are shown as {@code ***} in messages.
 */
public final class PluginConfigView implements PluginConfig {
    private final Config node;
    private final String path;
    private final Path home;
    private final Set<String> hidden;
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private final Map<String, PluginConfigView> childViews = new ConcurrentHashMap<>();
    private final Map<String, List<PluginConfigView>> childLists = new ConcurrentHashMap<>();

    private PluginConfigView(Config node, String path, Path home, Set<String> hidden) {
        this.node = node;
        this.path = path;
        this.home = home;
        this.hidden = hidden;
    }

    /**
     * A view of a whole node.
     *
     * @param node the Helidon config node
     * @param path its HOCON path, such as {@code routes[0].auth} (list elements as {@code [i]})
     * @param home the gateway's home folder, for {@link #resolvePath(String)}
     * @return the view
     */
    public static PluginConfigView of(Config node, String path, Path home) {
        return new PluginConfigView(node, path, home, Set.of());
    }

    /** A view of a plugin node without its {@code type} key, as carried by a {@link PluginRef}. */
    static PluginConfigView withoutType(Config node, String path, Path home) {
        return new PluginConfigView(node, path, home, Set.of("type"));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        if (node.type() == Config.Type.OBJECT) {
            node.asNodeList().orElseGet(List::of).forEach(child -> keys.add(child.name()));
        }
        keys.removeAll(hidden);
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public boolean has(String key) {
        return get(key).exists();
    }

    @Override
    public Optional<String> string(String key) {
        return value(key, "a string", Function.identity());
    }

    @Override
    public Optional<Integer> integer(String key) {
        return value(key, "an integer", text -> {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw problem(key, "not an integer", ValueText.of(key, text));
            }
        });
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return value(key, "a boolean", text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw problem(key, "must be true or false", ValueText.of(key, text));
        });
    }

    @Override
    public Optional<Duration> duration(String key) {
        return value(key, "a duration", text -> {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw problem(key, e.getMessage(), ValueText.of(key, text));
            }
        });
    }

    @Override
    public Optional<Long> size(String key) {
        return value(key, "a size", text -> {
            try {
                return Sizes.parse(text);
            } catch (IllegalArgumentException e) {
                throw problem(key, e.getMessage(), ValueText.of(key, text));
            }
        });
    }

    @Override
    public List<String> stringList(String key) {
        Config list = get(key);
        if (!list.exists()) {
            return List.of();
        }
        if (list.type() != Config.Type.LIST) {
            throw problem(key, "expected a list of strings", ValueText.of(list));
        }
        List<Config> elements = list.asNodeList().orElseGet(List::of);
        List<String> strings = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Config element = elements.get(i);
            if (element.type() != Config.Type.VALUE) {
                throw new PluginConfigException(HoconPath.index(HoconPath.child(path, key), i), "expected a string",
                                                ValueText.of(element));
            }
            strings.add(element.asString().get());
        }
        return List.copyOf(strings);
    }

    @Override
    public Optional<PluginConfig> child(String key) {
        Config child = get(key);
        if (!child.exists()) {
            return Optional.empty();
        }
        if (child.type() != Config.Type.OBJECT) {
            throw problem(key, "expected an object", ValueText.of(child));
        }
        return Optional.of(childViews.computeIfAbsent(
                key, k -> new PluginConfigView(child, HoconPath.child(path, k), home, Set.of())));
    }

    @Override
    public List<PluginConfig> children(String key) {
        Config list = get(key);
        if (!list.exists()) {
            return List.of();
        }
        if (list.type() != Config.Type.LIST) {
            throw problem(key, "expected a list of objects", ValueText.of(list));
        }
        return List.copyOf(childLists.computeIfAbsent(key, k -> {
            List<Config> elements = list.asNodeList().orElseGet(List::of);
            List<PluginConfigView> views = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                String elementPath = HoconPath.index(HoconPath.child(path, k), i);
                if (elements.get(i).type() != Config.Type.OBJECT) {
                    throw new PluginConfigException(elementPath, "expected an object", ValueText.of(elements.get(i)));
                }
                views.add(new PluginConfigView(elements.get(i), elementPath, home, Set.of()));
            }
            return views;
        }));
    }

    @Override
    public Path resolvePath(String value) {
        return home.resolve(value).normalize();
    }

    /** Keys of this node the plugin never asked about (not counting {@code type}), sorted. */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>(keys());
        unread.removeAll(read);
        return Collections.unmodifiableSet(unread);
    }

    /**
     * Every key the plugin never read, on this node and on the child nodes it did read, each as
     * {@code <path>.<key>: unknown key (got: <value>)}.
     */
    public List<String> unreadKeyProblems() {
        return unreadKeyProblems("unknown key");
    }

    /**
     * After the plugin stopped at the problem at {@code stoppedAt}: every key it had not read yet, each as
     * {@code <path>.<key>: unknown key, or not read before the problem at <stoppedAt> (got: <value>)}. A
     * misspelled key is so reported beside the required key it misses.
     */
    public List<String> unreadKeyProblemsAfter(String stoppedAt) {
        return unreadKeyProblems("unknown key, or not read before the problem at " + stoppedAt);
    }

    private List<String> unreadKeyProblems(String problem) {
        List<String> problems = new ArrayList<>();
        for (String key : unreadKeys()) {
            problems.add(HoconPath.child(path, key) + ": " + problem + " (got: " + ValueText.of(member(key)) + ")");
        }
        new TreeSet<>(childViews.keySet()).forEach(
                key -> problems.addAll(childViews.get(key).unreadKeyProblems(problem)));
        new TreeSet<>(childLists.keySet()).forEach(
                key -> childLists.get(key).forEach(view -> problems.addAll(view.unreadKeyProblems(problem))));
        return problems;
    }

    /**
     * Every value under this view, one {@code key=value} line each in key order, keys relative to the view: two
     * loads of an unchanged plugin block give the same text wherever the block sits (a reload compares them).
     */
    public String contentText() {
        String prefix = node.key().toString();
        return node.traverse()
                .filter(Config::isLeaf)
                .map(leaf -> leaf.key().toString().substring(Math.min(prefix.length(), leaf.key().toString().length()))
                        + "=" + leaf.asString().orElse(""))
                .sorted()
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return "PluginConfigView[" + path + "]";
    }

    private Config get(String key) {
        read.add(key);
        return hidden.contains(key) ? Config.empty().get(Config.Key.escapeName(key)) : member(key);
    }

    private Config member(String key) {
        return node.get(Config.Key.escapeName(key));
    }

    private <T> Optional<T> value(String key, String expected, Function<String, T> convert) {
        Config value = get(key);
        return switch (value.type()) {
            case MISSING -> Optional.empty();
            case VALUE -> Optional.of(convert.apply(value.asString().get()));
            default -> throw problem(key, "expected " + expected + ", not "
                    + (value.type() == Config.Type.LIST ? "a list" : "an object"), ValueText.of(value));
        };
    }
}
