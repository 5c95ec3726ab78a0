package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.ParsedEvent;
import io.ssegateway.gateway.sse.SseEventWriter;
import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays an event stream as parsed events, for routes with transforms or mid-stream resume: each event goes
 * through the transforms in config order and what comes out is written in spec form; an event no transform
 * changed goes out byte for byte, and blocks that dispatch nothing (comments, retry, id) pass unchanged. It remembers
 * the last id it relayed, so a broken upstream can be resumed with {@code Last-Event-ID}; on a resumed upstream,
 * events whose id was among the recent ones already relayed are dropped. A transform that throws drops only that
 * event. Output always ends at a block boundary.
 */
final class EventLoop extends RelayLoop {
    private static final Logger LOGGER = Logger.getLogger(EventLoop.class.getName());
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RECENT_IDS = 256;

    private final List<EventTransform> transforms;
    private final long maxEventSize;
    private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();
    private SseParser parser;
    private boolean resumed;
    private String lastRelayedId;
    private Long upstreamRetry;
    private long readAt;
    private boolean wrote;

    EventLoop(RelayStream stream, OutputStream out, List<EventTransform> transforms, long maxEventSize) {
        super(stream, out);
        this.transforms = transforms;
        this.maxEventSize = maxEventSize;
        stream.heartbeat(this::beat);
    }

    @Override
    String lastRelayedId() {
        return lastRelayedId;
    }

    @Override
    Long upstreamRetry() {
        return upstreamRetry;
    }

    @Override
    void upstreamStarted() {
        resumed = parser != null;
        parser = new SseParser(maxEventSize, this::onBlock);
    }

    @Override
    boolean atBlockBoundary() {
        return true;
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        this.readAt = readAt;
        wrote = false;
        parser.feed(buffer, 0, n);
        if (wrote) {
            out.flush();
        }
    }

    private void onBlock(ParsedEvent block) throws IOException {
        SseEvent original = block.event();
        if (original.retry() != null) {
            upstreamRetry = original.retry();
        }
        if (!block.dispatches()) {
            block.writeRawTo(out);
            wrote = true;
            stream.counted(0, block.rawLength());
            return;
        }
        if (original.id() != null && resumed && recentIds.contains(original.id())) {
            return; // already relayed before the upstream was resumed
        }
        List<SseEvent> events = transforms.isEmpty() ? List.of(original) : transform(original);
        if (events.size() == 1 && events.get(0) == original) {
            block.writeRawTo(out);
            written(original.id(), block.rawLength());
            return;
        }
        for (SseEvent event : events) {
            byte[] bytes;
            try {
                bytes = SseEventWriter.write(event);
            } catch (IllegalArgumentException e) {
                LOGGER.warning("transform on route " + stream.routeId() + " produced an event that cannot be written"
                        + " safely; dropped: " + e.getMessage());
                stream.route().monitors().error(stream, "transform_output", e);
                continue;
            }
            out.write(bytes);
            written(event.id(), bytes.length);
        }
    }

    private List<SseEvent> transform(SseEvent original) {
        List<SseEvent> events = List.of(original);
        for (EventTransform transform : transforms) {
            List<SseEvent> next = new ArrayList<>(events.size());
            for (SseEvent event : events) {
                try {
                    next.addAll(transform.apply(event, stream));
                } catch (Exception e) {
                    LOGGER.log(Level.WARNING, "transform on route " + stream.routeId() + " threw; event dropped"
                            + " (stream " + stream.streamId() + ")", e);
                    stream.route().monitors().error(stream, "transform", e);
                }
            }
            events = next;
        }
        return events;
    }

    private void written(String id, int bytes) {
        wrote = true;
        if (id != null) {
            lastRelayedId = id.isEmpty() ? null : id;
            if (recentIds.add(id) && recentIds.size() > RECENT_IDS) {
                recentIds.removeFirst();
            }
        }
        stream.counted(1, bytes);
        stream.route().monitors().event(stream, bytes, System.nanoTime() - readAt);
    }

    private boolean beat() {
        if (!stream.writeLock.tryLock()) {
            return true;
        }
        try {
            stream.writeStarted(System.nanoTime());
            out.write(HEARTBEAT);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            stream.writeDone();
            stream.writeLock.unlock();
        }
    }
}
