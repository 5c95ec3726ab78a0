package io.ssegateway.gateway.reload;

import sun.misc.Signal;

import java.util.logging.Logger;

/** SIGHUP reloads, as for nginx and HAProxy: the outcome goes to the log. */
public final class ReloadSignal {
    private static final Logger LOGGER = Logger.getLogger(ReloadSignal.class.getName());

    private ReloadSignal() {
    }

    /** Reloads {@code reloader} on each SIGHUP, one reload at a time, on a thread of its own. */
    public static void install(Reloader reloader) {
        try {
            Signal.handle(new Signal("HUP"), signal -> Thread.ofVirtual().name("reload SIGHUP")
                    .start(() -> reloader.reload("SIGHUP")));
        } catch (IllegalArgumentException e) {
            LOGGER.info("SIGHUP is not available here (" + e.getMessage() + "); reload with bin/sse-gateway reload or"
                        + " POST /admin/reload");
        }
    }
}
