package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * One node of the gateway's own schema with its HOCON path. Readers never throw: a bad value is recorded in
 * {@link Problems} and the default is returned, so every problem in the file is found in one pass.
 * <p>
 * A node may inherit from another ({@link #inheriting}), as a route does from {@code route-defaults}: a key it
 * lacks is read from the inherited node, with that node's path (so a bad inherited value is reported where it is
 * written), and an object both have is merged member by member.
 */
final class SettingsNode {
    private final Config config;
    private final String path;
    private final Problems problems;
    private final SettingsNode inherited;

    SettingsNode(Config config, String path, Problems problems) {
        this(config, path, problems, null);
    }

    private SettingsNode(Config config, String path, Problems problems, SettingsNode inherited) {
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
        SettingsNode own = new SettingsNode(config.get(key), HoconPath.child(path, key), problems);
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
        SettingsNode own = new SettingsNode(config.get(key), HoconPath.child(path, key), problems);
        if (inherited == null || own.exists()) {
            return own;
        }
        SettingsNode fallback = inherited.childWhole(key);
        return fallback.exists() ? fallback : own;
    }

    /** The Helidon node. */
    Config config() {
        return config;
    }

    /** Where this node's problems are recorded. */
    Problems problems() {
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
        if (config.type() != Config.Type.OBJECT) {
            return;
        }
        String expected = "unknown key, expected one of: " + String.join(", ", known);
        members().stream()
                .filter(member -> !known.contains(member.name()))
                .forEach(member -> problems.add(HoconPath.child(path, member.name()), expected, ValueText.of(member)));
    }

    /** The elements of this list; records a problem when present but not a list. */
    List<SettingsNode> elements() {
        if (config.type() != Config.Type.LIST) {
            if (exists()) {
                problem("expected a list");
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

    /** The value as text; empty when absent, or (recorded) when an object or list. */
    Optional<String> value() {
        return switch (config.type()) {
            case VALUE -> config.asString().asOptional();
            case MISSING -> Optional.empty();
            default -> {
                problem("expected a value, not " + (config.type() == Config.Type.LIST ? "a list" : "an object"));
                yield Optional.empty();
            }
        };
    }

    /** A required value; records "missing required key" when absent. */
    Optional<String> required() {
        if (!exists()) {
            problem("missing required key", ValueText.NOTHING);
            return Optional.empty();
        }
        return value();
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

    /** {@code true} or {@code false}, or the default. */
    boolean bool(boolean defaultValue) {
        return value().map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem("must be true or false");
                yield defaultValue;
            }
        }).orElse(defaultValue);
    }

    /** A TCP port 1-65535 (0 too when {@code zeroPicksFree}), or the default. */
    int port(int defaultValue, boolean zeroPicksFree) {
        int lowest = zeroPicksFree ? 0 : 1;
        return value().map(text -> {
            try {
                int port = Integer.parseInt(text.strip());
                if (port >= lowest && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(zeroPicksFree ? "must be a port number 0-65535 (0 picks a free port)"
                            : "must be a port number 1-65535");
            return defaultValue;
        }).orElse(defaultValue);
    }

    /** An integer within [min, max], or the default. */
    int intInRange(int defaultValue, int min, int max) {
        return value().map(text -> {
            try {
                int n = Integer.parseInt(text.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem("must be a whole number " + min + "-" + max);
            return defaultValue;
        }).orElse(defaultValue);
    }

    /** A positive duration, or the default. */
    Duration positiveDuration(Duration defaultValue) {
        return value().map(text -> {
            try {
                Duration duration = Durations.parse(text);
                if (!duration.isZero()) {
                    return duration;
                }
                problem("must be positive");
            } catch (IllegalArgumentException e) {
                problem(e.getMessage());
            }
            return defaultValue;
        }).orElse(defaultValue);
    }

    /** A positive size in bytes, or the default. */
    long positiveSize(long defaultValue) {
        return value().map(text -> {
            try {
                long size = Sizes.parse(text);
                if (size > 0) {
                    return size;
                }
                problem("must be positive");
            } catch (IllegalArgumentException e) {
                problem(e.getMessage());
            }
            return defaultValue;
        }).orElse(defaultValue);
    }

    private List<Config> members() {
        return config.asNodeList().orElseGet(List::of).stream()
                .sorted(Comparator.comparing(Config::name))
                .toList();
    }
}
