package io.ssegateway.distribution;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The environment a started script gets: this one, less anything that would change what the test sees. */
final class ChildEnvironment {
    private ChildEnvironment() {
    }

    /**
     * This process's environment without Java choices, JVM options and config overrides (SERVER_PORT and the like),
     * with JAVA_HOME set to the JDK running the tests.
     */
    static Map<String, String> withTestJdk() {
        Map<String, String> env = withoutJava();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /**
     * This process's environment without JAVA_HOME, JVM options, the launcher's own variables and config overrides,
     * and with the AOT cache off.
     */
    static Map<String, String> withoutJava() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(ChildEnvironment::changesTheOutcome);
        // a first start on Java 25 records the JVM's AOT cache and writes it while exiting (seconds more): the tests
        // that start the gateway check what it does, not its start time; AotCacheIT checks the cache itself
        env.put("SSE_GATEWAY_AOT", "off");
        return env;
    }

    private static boolean changesTheOutcome(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("JAVA_HOME") || upper.equals("JAVA_OPTS") || upper.equals("JAVA_TOOL_OPTIONS")
                || upper.equals("JDK_JAVA_OPTIONS") || upper.startsWith("SSE_GATEWAY_")
                || upper.startsWith("SERVER_") || upper.startsWith("DEMO_UPSTREAM_") || upper.startsWith("PLUGINS_")
                || upper.startsWith("ADMIN_")
                || upper.startsWith("ROUTES_") || upper.startsWith("ROUTES.") || upper.startsWith("SERVER.");
    }
}
