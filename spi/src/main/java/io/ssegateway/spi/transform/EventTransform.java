package io.ssegateway.spi.transform;

import io.ssegateway.spi.Plugin;
import io.ssegateway.spi.StreamInfo;

import java.util.List;

/**
 * Changes the events of one stream. Return {@code List.of(event)} (the same instance) to leave an event
 * unchanged, so it goes out byte for byte; an empty list drops it; several events split it. An exception
 * drops only this event; it is logged and counted. The gateway {@linkplain Plugin#close() closes} it once when done
 * with it.
 */
public interface EventTransform extends Plugin {
    /** Transforms one event of a stream on the given route. */
    List<SseEvent> apply(SseEvent event, StreamInfo stream) throws Exception;

}
