package io.ssegateway.gateway.config;

/**
 * Where a {@link SettingsNode} hands a bad value: {@link Problems} collects them all (the gateway's own keys, checked
 * in one pass); a plugin's {@link PluginConfigView} throws at the first.
 */
@FunctionalInterface
interface ProblemSink {
    /**
     * Takes a problem.
     *
     * @param path    the HOCON path of the value
     * @param problem what is wrong with it
     * @param got     the value as shown in messages ({@link ValueText})
     */
    void add(String path, String problem, String got);
}
