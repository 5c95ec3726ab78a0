package io.ssegateway.gateway.config;

import java.util.Optional;

/**
 * The broker that keeps the channels ({@code broker { type = ... }}).
 *
 * @param type         {@code memory} (built in, the default) or the name of a broker plugin
 * @param historyBytes the memory broker's bound on each channel's history, in bytes ({@code history-bytes})
 * @param plugin       the broker plugin and its config (the rest of the {@code broker} object); empty for memory
 */
public record BrokerSettings(String type, long historyBytes, Optional<PluginRef> plugin) {
    /** The built-in broker's name. */
    public static final String MEMORY = "memory";
    /** The memory broker's default bound per channel: 16 MiB. */
    public static final long DEFAULT_HISTORY_BYTES = 16L * 1024 * 1024;

    /** The built-in memory broker with its default bound. */
    public static BrokerSettings memory() {
        return new BrokerSettings(MEMORY, DEFAULT_HISTORY_BYTES, Optional.empty());
    }
}
