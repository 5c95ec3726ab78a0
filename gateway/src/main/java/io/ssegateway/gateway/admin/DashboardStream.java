package io.ssegateway.gateway.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /admin/stream}: an event stream of dashboard snapshots, one {@code snapshot} event a second. */
final class DashboardStream implements Handler {
    /** How long an EventSource waits before it reconnects to a restarted gateway. */
    private static final int RETRY_MS = 2000;

    private final DashboardFeed feed;

    DashboardStream(DashboardFeed feed) {
        this.feed = feed;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        try (OutputStream out = res.outputStream()) {
            out.write(("retry: " + RETRY_MS + "\n\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long seen = 0;
            DashboardFeed.Snapshot snapshot;
            while ((snapshot = feed.next(seen)) != null) {
                out.write(("event: snapshot\nid: " + snapshot.sequence() + "\ndata: " + snapshot.json() + "\n\n")
                                  .getBytes(StandardCharsets.UTF_8));
                out.flush();
                seen = snapshot.sequence();
            }
        } catch (IOException | UncheckedIOException e) {
            // the dashboard went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
