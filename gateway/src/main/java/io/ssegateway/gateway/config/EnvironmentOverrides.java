package io.ssegateway.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.config.spi.ConfigNode;
import io.helidon.config.spi.ConfigSource;
import io.helidon.config.spi.LazyConfigSource;

/**
 * Environment variables that override config values, using the same name mapping as Helidon's own environment
 * variables source (4.5), but over a given map so tests can inject it.
 * <p>
 * A config key (dotted, list elements by index: {@code routes.0.timeouts.first-byte}) is looked up as, in order:
 * <ol>
 * <li>the key as is: {@code routes.0.timeouts.first-byte}</li>
 * <li>every character other than letters, digits and {@code _} replaced by {@code _}:
 * {@code routes_0_timeouts_first_byte}</li>
 * <li>the same, but upper case with {@code -} written as {@code _dash_}: {@code ROUTES_0_TIMEOUTS_FIRST_dash_BYTE}</li>
 * <li>the same with {@code _DASH_}: {@code ROUTES_0_TIMEOUTS_FIRST_DASH_BYTE}</li>
 * <li>rule 2 upper case: {@code ROUTES_0_TIMEOUTS_FIRST_BYTE}, the usual form ({@code SERVER_PORT},
 * {@code SERVER_SHUTDOWN_TIMEOUT}, {@code DEMO_UPSTREAM_ENABLED}, {@code PLUGINS_DIR})</li>
 * </ol>
 * The source is lazy: it answers only for keys the gateway or a plugin asks for (and for keys the file already has),
 * so unrelated variables such as {@code PATH} or {@code SERVER_SOFTWARE} never appear as config keys and are never
 * reported as unknown. A variable sets a single value; it cannot add list elements or objects.
 * <p>
 * Ours rather than Helidon's {@code ConfigSources.environmentVariables()}: that source reads only the process
 * environment (no map to give it, so tests could not inject variables), and when asked for an object it also builds
 * one from every variable with the object's prefix, so {@code SERVER_SOFTWARE} would appear as
 * {@code server.software} and be rejected as an unknown key (ConfigLoaderTest checks it does not).
 */
final class EnvironmentOverrides implements ConfigSource, LazyConfigSource {
    private static final Pattern NOT_NAME_CHAR = Pattern.compile("[^a-zA-Z0-9_]");
    private static final Pattern NOT_NAME_CHAR_OR_DASH = Pattern.compile("[^a-zA-Z0-9_\\-]");

    private final Map<String, String> env;

    /** Overrides from these variables (typically {@link System#getenv()}). */
    EnvironmentOverrides(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Optional<ConfigNode> node(String key) {
        return value(key).map(ConfigNode.ValueNode::create);
    }

    @Override
    public String description() {
        return "environment variables";
    }

    /** The variable names tried for a key, in order (see the class comment). */
    static List<String> namesFor(String key) {
        String noSpecials = NOT_NAME_CHAR.matcher(key).replaceAll("_");
        String dashed = NOT_NAME_CHAR_OR_DASH.matcher(key).replaceAll("_").toUpperCase(Locale.ROOT)
                .replace("-", "_dash_");
        return List.of(key, noSpecials, dashed, dashed.toUpperCase(Locale.ROOT), noSpecials.toUpperCase(Locale.ROOT));
    }

    private Optional<String> value(String key) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return namesFor(key).stream().map(env::get).filter(v -> v != null).findFirst();
    }
}
