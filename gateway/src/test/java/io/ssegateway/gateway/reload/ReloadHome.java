package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/** A gateway home in a temporary folder (conf/gateway.conf, plugins/) and the gateway started from it. */
final class ReloadHome implements AutoCloseable {
    final Path home;
    final Path conf;
    final Path plugins;
    final HelidonGatewayMetrics metrics = HelidonGatewayMetrics.isolated();
    private Gateway gateway;

    ReloadHome(Path dir) throws IOException {
        this.home = dir;
        this.conf = Files.createDirectories(dir.resolve("conf")).resolve("gateway.conf");
        this.plugins = Files.createDirectories(dir.resolve("plugins"));
    }

    /** The config: a loopback listener and admin port, no demo origin, a short drain window, then {@code rest}. */
    static String config(String rest) {
        return """
                server { host = "127.0.0.1", port = 0 }
                admin { host = "127.0.0.1", port = 0 }
                demo-upstream.enabled = false
                drain.window = 300ms
                """ + rest;
    }

    /** A route to {@code upstream} with the path stripped, plus {@code extra} keys. */
    static String route(String id, String path, String upstream, String extra) {
        return "{ id = \"" + id + "\", path = \"" + path + "\", upstreams = [\"" + upstream + "\"], strip-prefix = true"
                + (extra.isEmpty() ? "" : ", " + extra) + " }\n";
    }

    /** Writes the config file as an editor would: all at once (a rename). */
    void write(String hocon) throws IOException {
        Path temp = conf.resolveSibling("gateway.conf.tmp");
        Files.writeString(temp, hocon);
        Files.move(temp, conf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Gateway start(String hocon) throws Exception {
        write(hocon);
        gateway = Gateway.start(new ConfigSource(conf, home, Map.of()), metrics);
        return gateway;
    }

    Gateway gateway() {
        return gateway;
    }

    /** An admin request: its status and body. */
    HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort().getAsInt()
                                                                 + path))
                                       .timeout(Duration.ofSeconds(20))
                                       .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                               HttpResponse.BodyHandlers.ofString());
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
