package io.ssegateway.gateway.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.GatewayHealth;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The health endpoints, after Helidon's conventions: 200 with a JSON body whose {@code status} is {@code UP}, else
 * 503 with {@code DOWN}. A HEAD request gets the same status and headers without the body.
 */
final class HealthEndpoint implements Handler {
    /** What an endpoint tells. */
    enum Probe {
        /** {@code /observe/health}: the {@link HealthReport} (not draining, every route has a usable upstream). */
        HEALTH(""),
        /** {@code /observe/health/live}: the process works; UP whenever it answers, draining or not. */
        LIVE("/live"),
        /** {@code /observe/health/ready}: the start has finished and the {@link HealthReport} is ready. */
        READY("/ready"),
        /** {@code /observe/health/started}: the start has finished (the public listener listens). */
        STARTED("/started");

        private final String suffix;

        Probe(String suffix) {
            this.suffix = suffix;
        }

        /** The endpoint's path. */
        String path() {
            return AdminServer.HEALTH_PATH + suffix;
        }
    }

    private final Probe probe;
    private final Supplier<List<RouteSettings>> routes;
    private final GatewayHealth health;
    private final BooleanSupplier started;

    HealthEndpoint(Probe probe, Supplier<List<RouteSettings>> routes, GatewayHealth health, BooleanSupplier started) {
        this.probe = probe;
        this.routes = routes;
        this.health = health;
        this.started = started;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        boolean up;
        String json;
        switch (probe) {
        case LIVE -> {
            up = true;
            json = "{\"status\":\"UP\"}";
        }
        case STARTED -> {
            up = started.getAsBoolean();
            json = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"started\":" + up + "}";
        }
        case READY -> {
            boolean hasStarted = started.getAsBoolean();
            HealthReport report = HealthReport.of(routes.get(), health);
            up = hasStarted && report.ready();
            json = report.readinessJson(hasStarted);
        }
        default -> {
            HealthReport report = HealthReport.of(routes.get(), health);
            up = report.ready();
            json = report.json();
        }
        }
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
        if (req.prologue().method() == Method.HEAD) { // Helidon would write the body after a HEAD's head too
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            res.send();
        } else {
            res.send(body);
        }
    }
}
