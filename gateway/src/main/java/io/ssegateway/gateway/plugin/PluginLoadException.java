package io.ssegateway.gateway.plugin;

import java.util.List;

/** Plugins could not be loaded or configured; carries every problem found, each a line a person can act on. */
public final class PluginLoadException extends Exception {
    private final List<String> problems;

    PluginLoadException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per line. */
    public List<String> problems() {
        return problems;
    }
}
