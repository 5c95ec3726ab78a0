package io.ssegateway.plugin.transform.filter;

import io.ssegateway.spi.PluginConfig;

/** What happens to an event a test matches: {@code keep} or {@code drop}. */
enum Action {
    /** The event passes. */
    KEEP,
    /** The event is dropped. */
    DROP;

    /** The action a config key names, or the default when the key is absent. */
    static Action read(PluginConfig config, String key, Action absent) {
        return config.string(key).map(value -> switch (value) {
            case "keep" -> KEEP;
            case "drop" -> DROP;
            default -> throw config.problem(key, "must be keep or drop", value);
        }).orElse(absent);
    }
}
