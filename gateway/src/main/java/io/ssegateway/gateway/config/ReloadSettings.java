package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * Reloading the configuration while the gateway runs.
 *
 * @param watch    whether a change of a file under {@code conf/} or the plugins folder reloads by itself
 * @param debounce how long the files must stay unchanged after a change before that reload starts
 */
public record ReloadSettings(boolean watch, Duration debounce) {
    /** The default debounce. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(1);

    /** No watching: reloads come from SIGHUP, {@code bin/sse-gateway reload} and {@code POST /admin/reload}. */
    public static ReloadSettings defaults() {
        return new ReloadSettings(false, DEFAULT_DEBOUNCE);
    }
}
