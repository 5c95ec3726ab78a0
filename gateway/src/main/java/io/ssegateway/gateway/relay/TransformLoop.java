package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.ParsedEvent;
import io.ssegateway.gateway.sse.SseEventWriter;
import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays an event stream through the route's transforms: the upstream's bytes are parsed into events, each event
 * goes through the chain in config order, and what comes out is written in spec form. An event no transform
 * changed goes out byte for byte; blocks that dispatch nothing (comments, retry, id) pass unchanged. A transform
 * that throws drops only that event.
 */
final class TransformLoop extends RelayLoop {
    private static final Logger LOGGER = Logger.getLogger(TransformLoop.class.getName());
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final List<EventTransform> transforms;
    private final SseParser parser;
    private long readAt;
    private boolean wrote;

    TransformLoop(RelayStream stream, InputStream in, OutputStream out, List<EventTransform> transforms,
                  long maxEventSize) {
        super(stream, in, out);
        this.transforms = transforms;
        this.parser = new SseParser(maxEventSize, this::onBlock);
        stream.heartbeat(this::beat);
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        this.readAt = readAt;
        parser.feed(buffer, 0, n);
        if (wrote && in.available() == 0) { // events that came in together leave with one flush
            out.flush();
            wrote = false;
        }
    }

    private void onBlock(ParsedEvent block) throws IOException {
        if (!block.dispatches()) {
            block.writeRawTo(out);
            wrote = true;
            stream.counted(0, block.rawLength());
            return;
        }
        SseEvent original = block.event();
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
        if (events.size() == 1 && events.get(0) == original) {
            block.writeRawTo(out);
            written(block.rawLength());
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
            written(bytes.length);
        }
    }

    private void written(int bytes) {
        wrote = true;
        stream.counted(1, bytes);
        stream.route().monitors().event(stream, bytes, System.nanoTime() - readAt);
    }

    /** Output always ends at a block boundary here, so a heartbeat block is always safe. */
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
