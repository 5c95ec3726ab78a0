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

import io.helidon.config.Config;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginConfigException;

/**
 * A plugin's config node as a {@link PluginConfig}: the gateway's own typed reader ({@link SettingsNode}, so the same
 * duration and size forms, messages naming the HOCON path, environment overrides and credentials shown as
 * {@code ***}), throwing at the first bad value, plus a record of which keys the plugin read so the rest can be
 * reported as unknown.
 */
public final class PluginConfigView implements PluginConfig {
    private static final ProblemSink THROW = (path, problem, got) -> {
        throw new PluginConfigException(path, problem, got);
    };

    private final SettingsNode node;
    private final Path home;
    private final Set<String> hidden;
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private final Map<String, PluginConfigView> childViews = new ConcurrentHashMap<>();
    private final Map<String, List<PluginConfigView>> childLists = new ConcurrentHashMap<>();

    private PluginConfigView(SettingsNode node, Path home, Set<String> hidden) {
        this.node = node;
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
        return new PluginConfigView(new SettingsNode(node, path, THROW), home, Set.of());
    }

    /** A view of a plugin node without its {@code type} key, as carried by a {@link PluginRef}. */
    static PluginConfigView withoutType(Config node, String path, Path home) {
        return new PluginConfigView(new SettingsNode(node, path, THROW), home, Set.of("type"));
    }

    @Override
    public String path() {
        return node.path();
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>(node.keys());
        keys.removeAll(hidden);
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public boolean has(String key) {
        return get(key).exists();
    }

    @Override
    public Optional<String> string(String key) {
        return get(key).string();
    }

    @Override
    public Optional<Integer> integer(String key) {
        return get(key).integer();
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return get(key).bool();
    }

    @Override
    public Optional<Duration> duration(String key) {
        return get(key).duration();
    }

    @Override
    public Optional<Long> size(String key) {
        return get(key).size();
    }

    @Override
    public List<String> stringList(String key) {
        return get(key).strings();
    }

    @Override
    public Optional<PluginConfig> child(String key) {
        SettingsNode child = get(key);
        if (!child.expectObject()) {
            return Optional.empty();
        }
        return Optional.of(childViews.computeIfAbsent(key, k -> new PluginConfigView(child, home, Set.of())));
    }

    @Override
    public List<PluginConfig> children(String key) {
        return List.copyOf(childLists.computeIfAbsent(key, k -> get(k).objects().stream()
                .map(element -> new PluginConfigView(element, home, Set.of())).toList()));
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
            problems.add(HoconPath.child(path(), key) + ": " + problem + " (got: "
                                 + ValueText.of(node.child(key).config()) + ")");
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
        Config config = node.config();
        String prefix = config.key().toString();
        return config.traverse()
                .filter(Config::isLeaf)
                .map(leaf -> leaf.key().toString().substring(Math.min(prefix.length(), leaf.key().toString().length()))
                        + "=" + leaf.asString().orElse(""))
                .sorted()
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return "PluginConfigView[" + path() + "]";
    }

    private SettingsNode get(String key) {
        read.add(key);
        return hidden.contains(key) ? node.absentChild(key) : node.child(key);
    }
}
