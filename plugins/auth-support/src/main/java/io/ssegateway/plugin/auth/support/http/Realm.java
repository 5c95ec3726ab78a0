package io.ssegateway.plugin.auth.support.http;

import io.ssegateway.spi.PluginConfig;

import java.util.Map;

/** The realm of a {@code WWW-Authenticate} challenge, checked so that it fits in a quoted string. */
public final class Realm {
    private static final String DEFAULT = "sse-gateway";

    private Realm() {
    }

    /** The realm under {@code key}, or the default; throws when it holds quotes, backslashes or control characters. */
    public static String read(PluginConfig config, String key) {
        String realm = config.string(key).orElse(DEFAULT);
        boolean bad = realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c == 0x7f);
        if (realm.isEmpty() || bad) {
            throw config.problem(key, "a realm must be non-empty, without quotes, backslashes or control characters",
                                 realm);
        }
        return realm;
    }

    /** The {@code WWW-Authenticate} header of a 401 that asks for credentials of {@code scheme} in {@code realm}. */
    public static Map<String, String> challenge(String scheme, String realm) {
        return Map.of("WWW-Authenticate", scheme + " realm=\"" + realm + "\"");
    }
}
