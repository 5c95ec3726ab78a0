package io.ssegateway.gateway.share;

import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.sse.ParsedEvent;
import io.ssegateway.gateway.sse.RelayedIds;
import io.ssegateway.gateway.sse.SseEventWriter;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the upstream's parsed blocks into the {@link SharedEvent}s every client gets: runs the route's transforms
 * once for all clients, drops the events a resumed upstream repeats (their id was handed out already) and remembers
 * the upstream's {@code retry}. The events of one upstream read are handed on together ({@link #flush}), so each
 * client is woken once per read however many events it held. The reader thread's only.
 */
final class SharedBlocks implements Consumer<ParsedEvent> {
    private static final Logger LOGGER = Logger.getLogger(SharedBlocks.class.getName());

    private final Route route;
    private final StreamInfo info;
    private final Consumer<List<SharedEvent>> publish;
    private final List<SharedEvent> pending = new ArrayList<>();
    /** Ids handed out, so a resumed upstream's repeats are dropped. */
    private final RelayedIds ids = new RelayedIds();
    private Long retry;
    private boolean resumed;

    SharedBlocks(Route route, StreamInfo info, Consumer<List<SharedEvent>> publish) {
        this.route = route;
        this.info = info;
        this.publish = publish;
    }

    /** The last event id handed out, or null when none yet. */
    String lastId() {
        return ids.last();
    }

    /** The upstream's last {@code retry} in milliseconds, or null when it sent none. */
    Long retry() {
        return retry;
    }

    /** The upstream was resumed: events whose id was handed out are dropped from now on. */
    void resumed() {
        ids.resumed();
        resumed = true;
    }

    @Override
    public void accept(ParsedEvent block) {
        SseEvent original = block.event();
        if (original.retry() != null) {
            retry = original.retry();
        }
        long now = System.nanoTime();
        if (!block.dispatches()) {
            publish(new SharedEvent(block.raw(), original.id(), block.lastEventId(), false, now));
            return;
        }
        if (resumed && ids.seen(original.id())) {
            return; // handed out before the upstream was resumed
        }
        List<SseEvent> out = route.transforms().isEmpty() ? List.of(original) : transform(original);
        if (out.size() == 1 && out.get(0) == original) {
            publish(new SharedEvent(block.raw(), original.id(), block.lastEventId(), true, now));
            return;
        }
        for (SseEvent event : out) {
            byte[] bytes;
            try {
                bytes = SseEventWriter.write(event);
            } catch (IllegalArgumentException e) {
                LOGGER.warning("transform on route " + route.id() + " produced an event that cannot be written"
                               + " safely; dropped: " + e.getMessage());
                continue;
            }
            publish(new SharedEvent(bytes, event.id(), event.id() != null ? event.id() : block.lastEventId(), true,
                                    now));
        }
    }

    /** Hands on the events made since the last flush (those of one upstream read). */
    void flush() {
        if (!pending.isEmpty()) {
            List<SharedEvent> batch = List.copyOf(pending);
            pending.clear();
            publish.accept(batch);
        }
    }

    private void publish(SharedEvent event) {
        if (event.id() != null) {
            ids.written(event.id());
        }
        pending.add(event);
    }

    private List<SseEvent> transform(SseEvent original) {
        List<SseEvent> current = List.of(original);
        for (EventTransform transform : route.transforms()) {
            List<SseEvent> next = new ArrayList<>(current.size());
            for (SseEvent event : current) {
                try {
                    next.addAll(Objects.requireNonNull(transform.apply(event, info), "the transform returned null"));
                } catch (Exception e) {
                    LOGGER.log(Level.WARNING, "transform on route " + route.id() + " threw; event dropped (shared"
                               + " stream " + info.streamId() + ")", e);
                }
            }
            current = next;
        }
        return current;
    }
}
