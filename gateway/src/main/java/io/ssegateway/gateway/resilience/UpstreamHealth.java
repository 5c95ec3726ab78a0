package io.ssegateway.gateway.resilience;

import io.ssegateway.gateway.config.ResilienceSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Which upstreams of one route may get new streams. Passive: an upstream that fails {@code failures} times within
 * {@code window} is ejected for {@code cooldown}, then gets one trial stream; success makes it usable again, failure
 * ejects it again. Active checks, when configured, mark an upstream unusable until a check passes.
 */
public final class UpstreamHealth {
    private static final Logger LOGGER = Logger.getLogger(UpstreamHealth.class.getName());

    /** What is known of one upstream. */
    public enum State { HEALTHY, EJECTED, TRIAL, CHECK_FAILED }

    private final String routeId;
    private final ResilienceSettings.PassiveHealth passive;
    private final LongSupplier clock;
    private final Map<URI, Upstream> upstreams = new LinkedHashMap<>();

    /** Health of these upstreams of a route; {@code clock} gives nanoseconds. */
    public UpstreamHealth(String routeId, List<URI> upstreams, ResilienceSettings.PassiveHealth passive,
                          LongSupplier clock) {
        this.routeId = routeId;
        this.passive = passive;
        this.clock = clock;
        for (URI u : upstreams) {
            this.upstreams.put(u, new Upstream());
        }
    }

    /** Health with the system clock. */
    public UpstreamHealth(String routeId, List<URI> upstreams, ResilienceSettings.PassiveHealth passive) {
        this(routeId, upstreams, passive, System::nanoTime);
    }

    /** The upstreams a balancer may pick now, minus {@code tried}; a cooled-down ejected one is offered for a trial. */
    public synchronized List<URI> usable(List<URI> tried) {
        long now = clock.getAsLong();
        List<URI> usable = new ArrayList<>(upstreams.size());
        for (Map.Entry<URI, Upstream> e : upstreams.entrySet()) {
            if (!tried.contains(e.getKey()) && e.getValue().usable(now)) {
                usable.add(e.getKey());
            }
        }
        return usable;
    }

    /** A stream is about to be sent to {@code upstream}: an ejected one past its cooldown becomes a trial. */
    public synchronized void picked(URI upstream) {
        Upstream u = upstreams.get(upstream);
        if (u != null && u.state == State.EJECTED && clock.getAsLong() - u.ejectedUntil >= 0) {
            u.state = State.TRIAL;
        }
    }

    /** The upstream answered (response headers of a 2xx-4xx status). */
    public synchronized void succeeded(URI upstream) {
        Upstream u = upstreams.get(upstream);
        if (u == null) {
            return;
        }
        if (u.state == State.TRIAL || u.state == State.EJECTED) {
            LOGGER.info(() -> "route " + routeId + ": upstream " + upstream + " is usable again");
        }
        u.failures.clear();
        if (u.state != State.CHECK_FAILED) {
            u.state = State.HEALTHY;
        }
    }

    /** The upstream failed: refused, unreachable, timed out, answered 5xx or broke mid-stream. */
    public synchronized void failed(URI upstream, String why) {
        Upstream u = upstreams.get(upstream);
        if (u == null) {
            return;
        }
        long now = clock.getAsLong();
        u.failures.addLast(now);
        while (!u.failures.isEmpty() && now - u.failures.peekFirst() > passive.window().toNanos()) {
            u.failures.removeFirst();
        }
        if (u.state == State.TRIAL || (u.state == State.HEALTHY && u.failures.size() >= passive.failures())) {
            u.state = State.EJECTED;
            u.ejectedUntil = now + passive.cooldown().toNanos();
            u.failures.clear();
            LOGGER.warning("route " + routeId + ": upstream " + upstream + " ejected for "
                           + passive.cooldown().toMillis() + " ms after: " + why);
        }
    }

    /** The result of an active check. */
    public synchronized void checked(URI upstream, boolean passed, String why) {
        Upstream u = upstreams.get(upstream);
        if (u == null) {
            return;
        }
        if (!passed && u.state != State.CHECK_FAILED) {
            u.state = State.CHECK_FAILED;
            LOGGER.warning("route " + routeId + ": upstream " + upstream + " failed its health check: " + why);
        } else if (passed && u.state == State.CHECK_FAILED) {
            u.state = State.HEALTHY;
            u.failures.clear();
            LOGGER.info(() -> "route " + routeId + ": upstream " + upstream + " passed its health check");
        }
    }

    /** Each upstream's state, for health endpoints. */
    public synchronized Map<URI, State> states() {
        Map<URI, State> states = new LinkedHashMap<>();
        upstreams.forEach((uri, u) -> states.put(uri, u.state));
        return states;
    }

    /** How long until the first ejected upstream may get a trial; zero when one is usable. */
    public synchronized Duration untilUsable() {
        long now = clock.getAsLong();
        long best = Long.MAX_VALUE;
        for (Upstream u : upstreams.values()) {
            if (u.usable(now)) {
                return Duration.ZERO;
            }
            if (u.state == State.EJECTED) {
                best = Math.min(best, u.ejectedUntil - now);
            }
        }
        return best == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(Math.max(0, best));
    }

    private static final class Upstream {
        private State state = State.HEALTHY;
        private long ejectedUntil;
        private final Deque<Long> failures = new ArrayDeque<>();

        boolean usable(long now) {
            return switch (state) {
            case HEALTHY -> true;
            case EJECTED -> now - ejectedUntil >= 0;
            case TRIAL, CHECK_FAILED -> false;
            };
        }
    }
}
