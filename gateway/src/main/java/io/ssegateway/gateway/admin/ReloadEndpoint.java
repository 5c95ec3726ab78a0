package io.ssegateway.gateway.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.observe.ReloadState;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code POST /admin/reload}: reloads the config and answers how it went, as JSON: {@code {"outcome":"applied"|
 * "unchanged"|"failed","generation":3,"at":<epoch ms>,"problems":[..],"restart":[..]}} (with {@code Accept:
 * text/plain}, {@link ReloadState#describe()}); 200 unless the reload failed (422: nothing changed, the problems
 * say why).
 */
final class ReloadEndpoint implements Handler {
    private final Supplier<ReloadState> reload;

    ReloadEndpoint(Supplier<ReloadState> reload) {
        this.reload = reload;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        ReloadState state = reload.get();
        ReloadState.Last last = state.last().orElseThrow();
        res.status(last.outcome().equals("failed") ? Status.create(422, "Unprocessable Content") : Status.OK_200);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        boolean text = req.headers().values(HeaderNames.ACCEPT).stream().anyMatch(v -> v.contains("text/plain"));
        if (text) { // bin/sse-gateway reload prints it
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            res.send(state.describe().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String json = HealthReport.lastReload(new JsonText(), state.generation(), last).toString();
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send((json + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
