package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.helidon.config.Config;

/**
 * One config node with its HOCON path: the one typed reader behind both the gateway's own schema and a plugin's
 * {@link PluginConfigView}. A bad value goes to the node's {@link ProblemSink} with its path and value, and reads as
 * absent (or as the caller's default): {@link Problems} collects every problem of the file in one pass, a plugin's
 * view throws at the first.
 * <p>
 * A node may inherit from another ({@link #inheriting}), as a route does from {@code route-defaults}: a key it
 * lacks is read from the inherited node, with that node's path (so a bad inherited value is reported where it is
 * written), and an object both have is merged member by member.
 */
final class SettingsNode {
    private final Config config;
    private final String path;
    private final ProblemSink problems;
    private final SettingsNode inherited;

    SettingsNode(Config config, String path, ProblemSink problems) {
        this(config, path, problems, null);
    }

    private SettingsNode(Config config, String path, ProblemSink problems, SettingsNode inherited) {
        this.config = config;
        this.path = path;
        this.problems = problems;
        this.inherited = inherited;
    }

    /** This node, taking the keys it lacks from {@code defaults} (and merging the objects both have). */
    SettingsNode inheriting(SettingsNode defaults) {
        return new SettingsNode(config, path, problems, defaults);
    }

    /**
     * The member {@code key} of this object (looked up even when this node is absent, for environment overrides);
     * when this node lacks it, the inherited node's; when both are objects, this one's merged over the inherited.
     */
    SettingsNode child(String key) {
        SettingsNode own = member(key);
        if (inherited == null) {
            return own;
        }
        SettingsNode fallback = inherited.child(key);
        if (!own.exists()) {
            return fallback.exists() ? fallback : own;
        }
        if (own.config.type() == Config.Type.OBJECT && fallback.config.type() == Config.Type.OBJECT) {
            return own.inheriting(fallback);
        }
        return own;
    }

    /**
     * The member {@code key} whole: this node's when it has it, else the inherited node's, never merged (a plugin
     * object or a list replaces the inherited one).
     */
    SettingsNode childWhole(String key) {
        SettingsNode own = member(key);
        if (inherited == null || own.exists()) {
            return own;
        }
        SettingsNode fallback = inherited.childWhole(key);
        return fallback.exists() ? fallback : own;
    }

    /** A member that reads as absent whatever the node holds (a plugin view's hidden {@code type}). */
    SettingsNode absentChild(String key) {
        return new SettingsNode(Config.empty().get(Config.Key.escapeName(key)), HoconPath.child(path, key), problems);
    }

    /** The Helidon node. */
    Config config() {
        return config;
    }

    /** Where this node's problems go. */
    ProblemSink problems() {
        return problems;
    }

    /** The HOCON path shown in messages. */
    String path() {
        return path;
    }

    /** Whether the key is present (in the file or the environment). */
    boolean exists() {
        return config.exists();
    }

    /** The names of this object's members (in the file; variables only override), sorted; none when not an object. */
    List<String> keys() {
        if (config.type() != Config.Type.OBJECT) {
            return List.of();
        }
        return config.asNodeList().orElseGet(List::of).stream().map(Config::name).sorted().toList();
    }

    /** Records a problem with this node's value. */
    void problem(String problem) {
        problems.add(path, problem, ValueText.of(config));
    }

    /** Records a problem at this path with a given value text. */
    void problem(String problem, String got) {
        problems.add(path, problem, got);
    }

    /** Records a problem when this node is present but not an object; returns whether it is an object. */
    boolean expectObject() {
        if (config.type() == Config.Type.OBJECT) {
            return true;
        }
        if (exists()) {
            problem("expected an object");
        }
        return false;
    }

    /** Records "unknown key" for each member of this object not in {@code known} (listed in the message). */
    void rejectUnknown(List<String> known) {
        String expected = "unknown key, expected one of: " + String.join(", ", known);
        keys().stream().filter(key -> !known.contains(key)).forEach(key -> member(key).problem(expected));
    }

    /** The elements of this list; records a problem when present but not a list. */
    List<SettingsNode> elements() {
        return elements("a list");
    }

    /** The elements of a list of values, as text; records a problem at each element that is not a value. */
    List<String> strings() {
        List<String> strings = new ArrayList<>();
        for (SettingsNode element : elements("a list of strings")) {
            if (element.config.type() == Config.Type.VALUE) {
                strings.add(element.config.asString().get());
            } else {
                element.problem("expected a string");
            }
        }
        return List.copyOf(strings);
    }

    /** The elements of a list of objects; records a problem at each element that is not an object. */
    List<SettingsNode> objects() {
        return elements("a list of objects").stream().filter(SettingsNode::expectObject).toList();
    }

    /** The value as text; empty when absent, or (recorded) when an object or list. */
    Optional<String> value() {
        return value("a value");
    }

    /** A required value; records "missing required key" when absent. */
    Optional<String> required() {
        if (!exists()) {
            problem("missing required key", ValueText.NOTHING);
            return Optional.empty();
        }
        return value();
    }

    /** The value as a string (any text, blank too). */
    Optional<String> string() {
        return value("a string");
    }

    /** A non-empty string, or the default. */
    String string(String defaultValue) {
        Optional<String> value = value();
        if (value.isPresent() && value.get().isBlank()) {
            problem("must not be empty");
            return defaultValue;
        }
        return value.orElse(defaultValue);
    }

    /** {@code true} or {@code false}. */
    Optional<Boolean> bool() {
        return parsed("a boolean", text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    /** {@code true} or {@code false}, or the default. */
    boolean bool(boolean defaultValue) {
        return bool().orElse(defaultValue);
    }

    /** Any {@code int}. */
    Optional<Integer> integer() {
        return parsed("an integer", text -> whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "not an integer"));
    }

    /** An integer within [min, max], or the default. */
    int intInRange(int defaultValue, int min, int max) {
        return parsed("a value", text -> whole(text, min, max, "must be a whole number " + min + "-" + max))
                .orElse(defaultValue);
    }

    /** A TCP port 1-65535 (0 too when {@code zeroPicksFree}), or the default. */
    int port(int defaultValue, boolean zeroPicksFree) {
        String problem = zeroPicksFree ? "must be a port number 0-65535 (0 picks a free port)"
                : "must be a port number 1-65535";
        return parsed("a value", text -> whole(text, zeroPicksFree ? 0 : 1, 65535, problem)).orElse(defaultValue);
    }

    /** A duration in any form {@link Durations} reads. */
    Optional<Duration> duration() {
        return parsed("a duration", Durations::parse);
    }

    /** A positive duration, or the default. */
    Duration positiveDuration(Duration defaultValue) {
        return duration().filter(duration -> positive(!duration.isZero())).orElse(defaultValue);
    }

    /** A size in bytes in any form {@link Sizes} reads. */
    Optional<Long> size() {
        return parsed("a size", Sizes::parse);
    }

    /** A positive size in bytes, or the default. */
    long positiveSize(long defaultValue) {
        return size().filter(size -> positive(size > 0)).orElse(defaultValue);
    }

    private boolean positive(boolean positive) {
        if (!positive) {
            problem("must be positive");
        }
        return positive;
    }

    private SettingsNode member(String key) {
        return new SettingsNode(config.get(Config.Key.escapeName(key)), HoconPath.child(path, key), problems);
    }

    private List<SettingsNode> elements(String expected) {
        if (config.type() != Config.Type.LIST) {
            if (exists()) {
                problem("expected " + expected);
            }
            return List.of();
        }
        List<Config> list = config.asNodeList().orElseGet(List::of);
        List<SettingsNode> elements = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            elements.add(new SettingsNode(list.get(i), HoconPath.index(path, i), problems));
        }
        return elements;
    }

    private Optional<String> value(String expected) {
        return switch (config.type()) {
            case VALUE -> config.asString().asOptional();
            case MISSING -> Optional.empty();
            default -> {
                problem("expected " + expected + ", not " + (config.type() == Config.Type.LIST ? "a list" : "an object"));
                yield Optional.empty();
            }
        };
    }

    /** The value converted; a value {@code parse} rejects (its message is the problem) is recorded and empty. */
    private <T> Optional<T> parsed(String expected, Function<String, T> parse) {
        return value(expected).flatMap(text -> {
            try {
                return Optional.of(parse.apply(text));
            } catch (IllegalArgumentException e) {
                problem(e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static int whole(String text, int min, int max, String problem) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(problem);
    }
}
