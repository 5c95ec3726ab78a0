package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.AdminSettings;
import io.ssegateway.gateway.config.ConfigException;
import io.ssegateway.gateway.config.ConfigLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sse-gateway reload}: finds the gateway running from this home and has it reload, printing the outcome.
 * It asks the admin listener ({@code POST /admin/reload}) named in {@code <home>/run/sse-gateway.pid}, or, without
 * that file, the admin port of the config; a gateway without an admin listener gets SIGHUP (its log then tells the
 * outcome). Exit status 0: reloaded (or nothing to change); 1: the reload failed and nothing changed; 2: no running
 * gateway found or it could not be asked.
 */
public final class ReloadCommand {
    private ReloadCommand() {
    }

    /**
     * Runs the command.
     *
     * @param home       the gateway's home
     * @param configFile the config file (for its admin port when there is no pid file)
     * @param env        the environment (for the config's overrides)
     * @param out        where the outcome goes
     * @param err        where problems go
     * @return the exit status
     */
    public static int run(Path home, Path configFile, Map<String, String> env, PrintStream out, PrintStream err) {
        Optional<PidFile> running = PidFile.read(home)
                .filter(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
        String admin;
        if (running.isPresent() && running.get().admin().isPresent()) {
            admin = running.get().admin().get();
        } else if (running.isPresent()) {
            return signal(running.get().pid(), out, err);
        } else {
            AdminSettings settings;
            try {
                settings = ConfigLoader.load(configFile, home, env).admin();
            } catch (ConfigException e) {
                err.println("sse-gateway reload: no running gateway found (no " + PidFile.of(home) + "), and the"
                            + " config that would name its admin port has problems:\n" + e.getMessage());
                return 2;
            }
            if (!settings.enabled() || settings.port() == 0) {
                err.println("sse-gateway reload: no running gateway found: no " + PidFile.of(home) + ", and "
                            + configFile + " has no fixed admin port to ask");
                return 2;
            }
            admin = "http://" + connectable(settings.host()) + ":" + settings.port();
        }
        return ask(admin, out, err);
    }

    /** The address to reach a listener bound to {@code host} from this machine. */
    public static String connectable(String host) {
        return switch (host) {
        case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
        default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }

    private static int ask(String admin, PrintStream out, PrintStream err) {
        URI uri = URI.create(admin + "/admin/reload");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .proxy(HttpClient.Builder.NO_PROXY).build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("Accept", "text/plain")
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            switch (response.statusCode()) {
            case 200 -> {
                out.print(response.body());
                return 0;
            }
            case 422 -> {
                err.print(response.body());
                return 1;
            }
            default -> {
                err.println("sse-gateway reload: " + uri + " answered " + response.statusCode() + ": "
                            + response.body());
                return 2;
            }
            }
        } catch (IOException e) {
            err.println("sse-gateway reload: no gateway answers at " + uri + " (" + e + ")");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static int signal(long pid, PrintStream out, PrintStream err) {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                err.println("sse-gateway reload: could not send SIGHUP to the gateway (pid " + pid + ")");
                return 2;
            }
        } catch (IOException e) {
            err.println("sse-gateway reload: could not send SIGHUP to the gateway (pid " + pid + "): " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        out.println("sent SIGHUP to the gateway (pid " + pid + "); without an admin listener its log tells how the"
                    + " reload went");
        return 0;
    }
}
