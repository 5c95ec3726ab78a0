package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The distribution's own conf/gateway.conf with only its ports changed to free ones (public, demo origin, admin),
 * written to a file of the test's.
 *
 * @param file      the config file
 * @param port      the public port
 * @param demoPort  the demo origin's port
 * @param adminPort the admin port
 */
record ShippedConfig(Path file, int port, int demoPort, int adminPort) {
    /** Writes the shipped config with free ports into {@code work}. */
    static ShippedConfig withFreePorts(UnzippedDistribution distribution, Path work) throws IOException {
        int port = FreePort.pick();
        int demoPort = FreePort.pick();
        int adminPort = FreePort.pick();
        String config = Files.readString(distribution.home().resolve("conf/gateway.conf"));
        config = replaceOnce(config, "port = 8080", "port = " + port);
        config = replaceOnce(config, "port = 8081", "port = " + demoPort);
        config = replaceOnce(config, "port = 9090", "port = " + adminPort);
        config = replaceOnce(config, "\"http://127.0.0.1:8081\"", "\"http://127.0.0.1:" + demoPort + "\"");
        Path file = work.resolve("shipped-with-free-ports.conf");
        Files.writeString(file, config);
        return new ShippedConfig(file, port, demoPort, adminPort);
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new AssertionError("conf/gateway.conf should hold `" + from + "` exactly once");
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
