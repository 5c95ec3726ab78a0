package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.GatewaySettings;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code reload.watch}: reloads when a file in the config folder, the plugins folder or one of its plugin folders
 * is created, changed or deleted, once the files have stayed unchanged for {@code reload.debounce} (an editor's
 * save or a copy of several jars is one reload). One daemon thread; {@link #close()} ends it.
 */
final class ConfigWatch implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(ConfigWatch.class.getName());

    private final WatchService service;
    private final Path configDir;
    private final Path pluginsDir;
    private final Duration debounce;
    private final Runnable reload;
    private final Thread thread;

    private ConfigWatch(WatchService service, Path configDir, Path pluginsDir, Duration debounce, Runnable reload) {
        this.service = service;
        this.configDir = configDir;
        this.pluginsDir = pluginsDir;
        this.debounce = debounce;
        this.reload = reload;
        this.thread = Thread.ofPlatform().daemon().name("sse-reload-watch").unstarted(this::run);
    }

    /** Starts watching; null (with a warning) when the folders cannot be watched. */
    static ConfigWatch start(Path configDir, Path pluginsDir, Duration debounce, Runnable reload) {
        try {
            WatchService service = configDir.getFileSystem().newWatchService();
            ConfigWatch watch = new ConfigWatch(service, configDir, pluginsDir, debounce, reload);
            watch.register(configDir);
            if (Files.isDirectory(pluginsDir)) {
                watch.register(pluginsDir);
                try (Stream<Path> entries = Files.list(pluginsDir)) {
                    for (Path entry : entries.filter(Files::isDirectory).toList()) {
                        watch.register(entry);
                    }
                }
            }
            watch.thread.start();
            LOGGER.info(() -> "reload.watch: reloading when files under " + configDir + " or " + pluginsDir
                    + " change (after " + debounce.toMillis() + " ms without further changes)");
            return watch;
        } catch (IOException e) {
            LOGGER.warning("reload.watch: cannot watch " + configDir + " and " + pluginsDir + ": " + e.getMessage()
                           + "; reload with SIGHUP, bin/sse-gateway reload or POST /admin/reload");
            return null;
        }
    }

    /** Whether this watch serves these settings as they are. */
    boolean covers(GatewaySettings settings) {
        return settings.pluginsDir().equals(pluginsDir) && settings.reload().debounce().equals(debounce);
    }

    private void register(Path dir) throws IOException {
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                     StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                drain(key);
                // debounce: wait until nothing changed for the debounce time
                while ((key = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(key);
                }
                reload.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            LOGGER.warning("reload.watch stopped: " + e);
        }
    }

    private void drain(WatchKey key) {
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (dir.equals(pluginsDir) && event.context() instanceof Path name) {
                Path entry = dir.resolve(name);
                if (Files.isDirectory(entry)) {
                    try {
                        register(entry); // a new plugin folder: its jars are watched too
                    } catch (IOException e) {
                        LOGGER.warning("reload.watch: cannot watch " + entry + ": " + e.getMessage());
                    }
                }
            }
        }
        key.reset();
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing
        }
        thread.interrupt();
    }
}
