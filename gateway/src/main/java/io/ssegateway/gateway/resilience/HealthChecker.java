package io.ssegateway.gateway.resilience;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import io.ssegateway.gateway.config.ResilienceSettings;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Active health checks of one route's upstreams: {@code GET <upstream><path>} every interval, on virtual threads. */
public final class HealthChecker implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private HealthChecker(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts checking; the first check runs at once. {@code client} is a fresh WebClient builder with the TLS of
     * these upstreams (the route's {@code UpstreamTls}); the checker sets its timeouts.
     */
    public static HealthChecker start(String routeId, List<URI> upstreams, WebClientConfig.Builder client,
                                      ResilienceSettings.HealthCheck check, UpstreamHealth health) {
        WebClient checks = client
                .connectTimeout(check.timeout())
                .readTimeout(check.timeout())
                .followRedirects(false)
                .build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-health-check-" + routeId);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            for (URI upstream : upstreams) {
                Thread.ofVirtual().start(() -> checkOne(checks, upstream, check, health));
            }
        }, 0, check.interval().toMillis(), TimeUnit.MILLISECONDS);
        return new HealthChecker(timer);
    }

    private static void checkOne(WebClient client, URI upstream, ResilienceSettings.HealthCheck check,
                                 UpstreamHealth health) {
        try (HttpClientResponse response = client.get(upstream.toString() + check.path()).request()) {
            int status = response.status().code();
            health.checked(upstream, status >= 200 && status < 300, "status " + status);
        } catch (RuntimeException e) {
            health.checked(upstream, false, e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
