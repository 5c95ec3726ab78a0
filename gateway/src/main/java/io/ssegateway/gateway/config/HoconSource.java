package io.ssegateway.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode.ListNode;
import io.helidon.config.spi.ConfigNode.ObjectNode;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

/**
 * Reads HOCON into a Helidon {@link Config} whose only sources are the HOCON text and the given environment
 * variables (no system properties, no discovered files, parsers, filters or mappers).
 * <p>
 * The HOCON is parsed by the Lightbend library that helidon-config-hocon wraps, but here directly rather than through
 * {@code HoconConfigParser}: that parser is handed only a stream, so it resolves every {@code include "x.conf"}
 * against the main file's folder (a nested include in {@code conf.d/a.conf} misses {@code conf.d/b.conf}) and keeps
 * no line numbers. Parsing the file itself gives includes relative to the including file, at any depth, and the
 * origins used to list problems in file order. Substitutions ({@code ${a.b}}, {@code ${?VAR}}) are resolved, with
 * variables taken from the given environment map. Helidon's own {@code ${...}} value resolving is off, so a quoted
 * {@code "${x}"} stays literal.
 */
final class HoconSource {
    private HoconSource() {
    }

    /**
     * Reads a config file.
     *
     * @param file the HOCON file
     * @param env  environment variables, for overrides and {@code ${VAR}} substitutions
     * @return the config tree and the line of each path
     * @throws ConfigException when the file is missing, unreadable or not valid HOCON
     */
    static Parsed file(Path file, Map<String, String> env) {
        String source = file.toString();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(source, List.of(source + ": config file not found or not readable"));
        }
        ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
        return parsed(source, env, () -> ConfigFactory.parseFile(file.toFile(), options),
                      origin -> Objects.equals(origin.filename(), file.toFile().getPath()));
    }

    /**
     * Reads HOCON text (for tests and tools); includes there resolve against the working directory.
     *
     * @param hocon  the HOCON text
     * @param source how the text is named in messages
     * @param env    environment variables, for overrides and {@code ${VAR}} substitutions
     * @return the config tree and the line of each path
     * @throws ConfigException when the text is not valid HOCON
     */
    static Parsed string(String hocon, String source, Map<String, String> env) {
        ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setOriginDescription(source);
        return parsed(source, env, () -> ConfigFactory.parseString(hocon, options),
                      origin -> origin.filename() == null && origin.resource() == null && origin.url() == null);
    }

    private static Parsed parsed(String source, Map<String, String> env,
                                 Supplier<com.typesafe.config.Config> parse,
                                 Predicate<ConfigOrigin> inMainFile) {
        com.typesafe.config.Config hocon;
        try {
            hocon = parse.get().resolve(ConfigResolveOptions.defaults()
                                                .setUseSystemEnvironment(false)
                                                .appendResolver(new EnvResolver(env)));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(source, List.of(e.getMessage()));
        }
        Tree tree = new Tree(inMainFile);
        ObjectNode root = tree.object(hocon.root(), "");
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .disableParserServices()
                .disableFilterServices()
                .disableMapperServices()
                .disableValueResolving()
                .disableKeyResolving()
                .sources(() -> new EnvironmentOverrides(env), () -> ConfigSources.create(root))
                .build();
        return new Parsed(config, new SourceLines(tree.lines));
    }

    /**
     * Turns the Lightbend tree into Helidon nodes (what helidon-config-hocon's parser does, which keeps no origins)
     * and, on the same walk, notes the line each path starts on in the main file.
     */
    private record Tree(Predicate<ConfigOrigin> inMainFile, Map<String, Integer> lines) {
        Tree(Predicate<ConfigOrigin> inMainFile) {
            this(inMainFile, new HashMap<>());
        }

        ObjectNode object(ConfigObject object, String path) {
            ObjectNode.Builder builder = ObjectNode.builder();
            object.forEach((key, value) -> {
                String name = Config.Key.escapeName(key);
                String child = HoconPath.child(path, key);
                line(value, child);
                if (value instanceof ConfigObject members) {
                    builder.addObject(name, object(members, child));
                } else if (value instanceof ConfigList elements) {
                    builder.addList(name, list(elements, child));
                } else {
                    builder.addValue(name, scalar(value));
                }
            });
            return builder.build();
        }

        private ListNode list(ConfigList list, String path) {
            ListNode.Builder builder = ListNode.builder();
            for (int i = 0; i < list.size(); i++) {
                ConfigValue value = list.get(i);
                String element = HoconPath.index(path, i);
                line(value, element);
                if (value instanceof ConfigObject members) {
                    builder.addObject(object(members, element));
                } else if (value instanceof ConfigList elements) {
                    builder.addList(list(elements, element));
                } else {
                    builder.addValue(scalar(value));
                }
            }
            return builder.build();
        }

        private void line(ConfigValue value, String path) {
            ConfigOrigin origin = value.origin();
            if (origin != null && origin.lineNumber() > 0 && inMainFile.test(origin)) {
                lines.put(path, origin.lineNumber());
            }
        }

        private static String scalar(ConfigValue value) {
            Object unwrapped = value.unwrapped();
            return unwrapped == null ? "" : String.valueOf(unwrapped);
        }
    }

    /** A parsed config: the Helidon tree (environment overrides included) and where each path starts. */
    record Parsed(Config config, SourceLines lines) {
    }

    /** Supplies {@code ${VAR}} substitutions that the config itself does not define from the given variables. */
    private record EnvResolver(Map<String, String> env) implements ConfigResolver {
        @Override
        public ConfigValue lookup(String path) {
            String value = env.get(path);
            return value == null ? null : ConfigValueFactory.fromAnyRef(value, "environment variable " + path);
        }

        @Override
        public ConfigResolver withFallback(ConfigResolver fallback) {
            ConfigResolver self = this;
            return new ConfigResolver() {
                @Override
                public ConfigValue lookup(String path) {
                    ConfigValue value = self.lookup(path);
                    return value != null ? value : fallback.lookup(path);
                }

                @Override
                public ConfigResolver withFallback(ConfigResolver next) {
                    return self.withFallback(fallback.withFallback(next));
                }
            };
        }
    }
}
