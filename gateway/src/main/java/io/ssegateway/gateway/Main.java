package io.ssegateway.gateway;

import io.helidon.config.Config;
import io.helidon.service.registry.Services;
import io.ssegateway.gateway.config.ConfigException;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.plugin.PluginLoadException;
import io.ssegateway.gateway.reload.ConfigSource;
import io.ssegateway.gateway.reload.PidFile;
import io.ssegateway.gateway.reload.ReloadCommand;
import io.ssegateway.gateway.reload.ReloadSignal;
import io.ssegateway.gateway.warmup.Warmup;

import sun.misc.Signal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the gateway: {@code --home DIR} (default: the {@code sse.gateway.home} property, else the working folder)
 * and {@code --config FILE} (default {@code <home>/conf/gateway.conf}). Exit status 2: invalid config or plugins;
 * 1: the gateway could not start (a port in use, say). SIGHUP reloads. With the argument {@code reload} it does not
 * start a gateway but has the one running from that home reload ({@link ReloadCommand}).
 */
public final class Main {
    private static final String USAGE = "sse-gateway [--config FILE] [--home DIR] [reload]";

    private Main() {
    }

    /** Runs until SIGTERM or SIGINT. */
    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(System.getProperty("sse.gateway.home", "."));
        Path config = null;
        boolean reload = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
            case "--home" -> home = Path.of(value(args, ++i, "--home"));
            case "--config" -> config = Path.of(value(args, ++i, "--config"));
            case "reload" -> reload = true;
            case "--help", "-h" -> {
                System.out.println(USAGE);
                return;
            }
            default -> fail(2, "unknown argument " + args[i] + " (usage: " + USAGE + ")");
            }
        }
        home = home.toAbsolutePath().normalize();
        Path configFile = config == null ? home.resolve("conf/gateway.conf") : config.toAbsolutePath();
        emptyHelidonGlobalConfig();
        if (reload) {
            System.exit(ReloadCommand.run(home, configFile, System.getenv(), System.out, System.err));
            return;
        }
        HelidonGatewayMetrics metrics = HelidonGatewayMetrics.global();
        Gateway gateway;
        try {
            gateway = Gateway.start(new ConfigSource(configFile, home, System.getenv()), metrics);
        } catch (ConfigException e) {
            fail(2, e.getMessage());
            return;
        } catch (PluginLoadException e) {
            fail(2, "invalid plugins or plugin configuration in " + configFile + ":\n  - "
                    + String.join("\n  - ", e.problems()));
            return;
        } catch (RuntimeException e) {
            fail(1, "sse-gateway could not start: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            return;
        }
        int warmupStreams = Integer.getInteger("sse.gateway.warmup-streams", Warmup.DEFAULT_STREAMS);
        if (warmupStreams > 0) {
            Warmup.inBackground(warmupStreams);
        }
        long pid = ProcessHandle.current().pid();
        Optional<String> adminUrl = gateway.adminPort().isPresent()
                ? Optional.of("http://" + ReloadCommand.connectable(gateway.reloader().settings().admin().host()) + ":"
                              + gateway.adminPort().getAsInt())
                : Optional.empty();
        new PidFile(pid, adminUrl, configFile.toString()).write(home);
        ReloadSignal.install(gateway.reloader());
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and SIGINT stop the gateway gracefully and exit 0 (a JVM killed by a signal would exit 143)
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.countDown());
            } catch (IllegalArgumentException e) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            }
        }
        stop.await();
        gateway.close();
        PidFile.delete(home, pid);
        System.exit(0);
    }

    /**
     * Gives Helidon's global config (its service registry's {@code Config}) no sources, before anything asks for it.
     * The gateway's settings come from its HOCON files alone; by default Helidon would build that config from the
     * environment, the system properties and any {@code application.*} on the class path, and the global meter
     * registry reads its {@code metrics} section: an unrelated {@code METRICS_ENABLED=false} in the environment
     * turned the admin port's /observe/metrics off. Finding and reading those sources also made every start
     * about 0.1 s slower (median of 8 starts, 1.30 -> 1.18 s).
     */
    private static void emptyHelidonGlobalConfig() {
        Services.set(Config.class, Config.empty());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(2, option + " needs a value");
        }
        return args[i];
    }

    private static void fail(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }
}
