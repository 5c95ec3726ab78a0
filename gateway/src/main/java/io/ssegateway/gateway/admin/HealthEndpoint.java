package io.ssegateway.gateway.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.GatewayHealth;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET /observe/health}: 200 with the {@link HealthReport} as JSON when ready, else 503 with it. */
final class HealthEndpoint implements Handler {
    private final List<RouteSettings> routes;
    private final GatewayHealth health;

    HealthEndpoint(List<RouteSettings> routes, GatewayHealth health) {
        this.routes = List.copyOf(routes);
        this.health = health;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        HealthReport report = HealthReport.of(routes, health);
        res.status(report.ready() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send((report.json() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
