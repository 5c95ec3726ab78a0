package io.ssegateway.gateway.route;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A route's monitors called as one; an exception in a monitor (even a checked one thrown undeclared, as Kotlin
 * can) is logged, counted and swallowed.
 */
public final class Monitors {
    private static final Logger LOGGER = Logger.getLogger(Monitors.class.getName());
    private static final LongAdder FAILURES = new LongAdder();

    private final List<StreamMonitor> monitors;
    private final List<String> names;

    /** Monitors with their plugin names (for the log). */
    public Monitors(List<StreamMonitor> monitors, List<String> names) {
        this.monitors = List.copyOf(monitors);
        this.names = List.copyOf(names);
    }

    /** No monitors. */
    public static Monitors none() {
        return new Monitors(List.of(), List.of());
    }

    /** These monitors with {@code first} called before them (the gateway's own stats monitor). */
    public Monitors withFirst(StreamMonitor first, String name) {
        List<StreamMonitor> all = new ArrayList<>(monitors.size() + 1);
        List<String> allNames = new ArrayList<>(names.size() + 1);
        all.add(first);
        all.addAll(monitors);
        allNames.add(name);
        allNames.addAll(names);
        return new Monitors(all, allNames);
    }

    /** The monitors with their plugin names, for closing them. */
    public List<PluginInstance> instances() {
        List<PluginInstance> instances = new ArrayList<>(monitors.size());
        for (int i = 0; i < monitors.size(); i++) {
            instances.add(new PluginInstance("monitor", names.get(i), monitors.get(i)));
        }
        return instances;
    }

    /** How many monitor calls threw, gateway-wide. */
    public static long failures() {
        return FAILURES.sum();
    }

    /** Whether there are none (lets the relay skip per-event work). */
    public boolean isEmpty() {
        return monitors.isEmpty();
    }

    /** See {@link StreamMonitor#streamOpened}. */
    public void opened(StreamInfo s) {
        each(m -> m.streamOpened(s));
    }

    /** See {@link StreamMonitor#eventRelayed}. */
    public void event(StreamInfo s, int bytes, long gatewayNanos) {
        for (int i = 0; i < monitors.size(); i++) {
            try {
                monitors.get(i).eventRelayed(s, bytes, gatewayNanos);
            } catch (Exception e) {
                failed(i, e);
            }
        }
    }

    /** See {@link StreamMonitor#streamClosed}. */
    public void closed(StreamInfo s, CloseReason reason) {
        each(m -> m.streamClosed(s, reason));
    }

    /** See {@link StreamMonitor#error}. */
    public void error(StreamInfo s, String kind, Throwable error) {
        each(m -> m.error(s, kind, error));
    }

    /** See {@link StreamMonitor#requestRejected}. */
    public void rejected(RequestView request, int status, String reason) {
        each(m -> m.requestRejected(request, status, reason));
    }

    /** See {@link StreamMonitor#resumed}. */
    public void resumed(StreamInfo s, boolean success) {
        each(m -> m.resumed(s, success));
    }

    private void each(Consumer<StreamMonitor> call) {
        for (int i = 0; i < monitors.size(); i++) {
            try {
                call.accept(monitors.get(i));
            } catch (Exception e) {
                failed(i, e);
            }
        }
    }

    private void failed(int index, Exception e) {
        FAILURES.increment();
        LOGGER.log(Level.WARNING, "monitor plugin '" + names.get(index) + "' threw; the stream goes on", e);
    }
}
