package io.ssegateway.gateway.config;

import java.util.List;

/**
 * The configuration is invalid. Holds every problem found, each as {@code <hocon path>: <problem> (got: <value>)};
 * the message lists them under the config file's name, ready to print.
 */
public class ConfigException extends RuntimeException {
    private final String source;
    private final List<String> problems;

    /**
     * Problems found in a config source.
     *
     * @param source   the config file (or a description of an in-memory config)
     * @param problems the problems, in file order
     */
    public ConfigException(String source, List<String> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The config file, or a description of an in-memory config. */
    public String source() {
        return source;
    }

    /** Every problem, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        return "invalid configuration " + source + ":\n  - " + String.join("\n  - ", problems);
    }
}
