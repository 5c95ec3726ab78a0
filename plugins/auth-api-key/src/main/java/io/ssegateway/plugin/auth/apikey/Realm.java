package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.spi.PluginConfig;

/** The realm of a {@code WWW-Authenticate} challenge, checked so that it fits in a quoted string. */
final class Realm {
    static final String DEFAULT = "sse-gateway";

    private Realm() {
    }

    /** The realm under {@code key}, or the default; throws when it holds quotes, backslashes or control characters. */
    static String read(PluginConfig config, String key) {
        String realm = config.string(key).orElse(DEFAULT);
        boolean bad = realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c == 0x7f);
        if (realm.isEmpty() || bad) {
            throw config.problem(key, "a realm must be non-empty, without quotes, backslashes or control characters",
                                 realm);
        }
        return realm;
    }
}
