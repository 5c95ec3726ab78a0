package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.ParsedEvent;
import io.ssegateway.gateway.sse.SseEventWriter;
import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
public final class TransformLoop extends RelayLoop {
    private static final Logger LOGGER = Logger.getLogger(TransformLoop.class.getName());
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final List<EventTransform> transforms;
    private final long maxEventSize;
    private final SseEventWriter writer = new SseEventWriter();
    private SseParser parser;
    private long readAt;

    public TransformLoop(StreamState stream, OutputStream out, List<EventTransform> transforms, long maxEventSize) {
        super(stream, out, ClientOutput.eventStream());
        this.transforms = transforms;
        this.maxEventSize = maxEventSize;
    }

    @Override
    void upstreamStarted() {
        parser = new SseParser(maxEventSize, this::onBlock);
    }

    @Override
    public boolean upstreamBetweenBlocks() {
        return parser == null || !parser.midBlock();
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        this.readAt = readAt;
        parser.feed(buffer, 0, n);
        if (output.unflushed() && in.available() == 0) { // events that came in together leave with one flush
            out.flush();
            output.flushed();
        }
    }

    private void onBlock(ParsedEvent block) throws IOException {
        SseEvent original = block.event();
        if (original.retry() != null) {
            resumePoint.retry(original.retry());
        }
        if (!block.dispatches()) {
            writeRaw(block);
            stream.counted(0, block.rawLength());
            return;
        }
        if (upstream == Upstream.RESUMED && resumePoint.ids.seen(original.id())) {
            return; // already relayed before the upstream was resumed
        }
        List<SseEvent> events = transforms.isEmpty() ? List.of(original) : transform(original);
        if (events.size() == 1 && events.get(0) == original) {
            writeRaw(block);
            written(original.id(), block.rawLength());
            return;
        }
        for (int k = 0; k < events.size(); k++) {
            SseEvent event = events.get(k);
            int length;
            try {
                length = writer.writeTo(event, out);
            } catch (IllegalArgumentException e) {
                LOGGER.warning("transform on route " + stream.routeId() + " produced an event that cannot be written"
                        + " safely; dropped: " + e.getMessage());
                stream.route().monitors().error(stream, "transform_output", e);
                continue;
            }
            written(event.id(), length);
        }
    }

    /**
     * Writes a block as received. The parser took the stream's leading BOM off; a block that starts with another
     * U+FEFF (part of its first field's name, so that field is unknown) must not be the client's first bytes, or the
     * client would take that one as its stream's BOM and read the field as known: the upstream's BOM goes first then.
     */
    private void writeRaw(ParsedEvent block) throws IOException {
        if (!output.started() && block.startsWithBom()) {
            out.write(BOM);
        }
        output.wrote();
        block.writeRawTo(out);
    }

    private List<SseEvent> transform(SseEvent original) {
        if (transforms.size() == 1) { // the usual case: no list to build
            return apply(transforms.get(0), original);
        }
        List<SseEvent> events = List.of(original);
        for (EventTransform transform : transforms) {
            List<SseEvent> next = new ArrayList<>(events.size());
            for (SseEvent event : events) {
                next.addAll(apply(transform, event));
            }
            events = next;
        }
        return events;
    }

    /** What one transform makes of one event; nothing (the event dropped) if it threw or returned no list. */
    private List<SseEvent> apply(EventTransform transform, SseEvent event) {
        try {
            return Objects.requireNonNull(transform.apply(event, stream), "the transform returned null, not a list");
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "transform on route " + stream.routeId() + " threw; event dropped"
                    + " (stream " + stream.streamId() + ")", e);
            stream.route().monitors().error(stream, "transform", e);
            return List.of();
        }
    }

    private void written(String id, int bytes) {
        output.wrote();
        resumePoint.ids.written(id);
        stream.counted(1, bytes);
        stream.route().monitors().event(stream, bytes, System.nanoTime() - readAt);
    }
}
