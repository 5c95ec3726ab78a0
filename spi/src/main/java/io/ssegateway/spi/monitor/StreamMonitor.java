package io.ssegateway.spi.monitor;

import io.ssegateway.spi.Plugin;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;

/**
 * Hears what streams do. Every method has an empty default. Methods run on the stream's thread and must be
 * quick; an exception is logged and counted and the stream goes on. The gateway {@linkplain Plugin#close() closes}
 * it once when done with it.
 */
public interface StreamMonitor extends Plugin {
    /** A stream's response started. */
    default void streamOpened(StreamInfo stream) {
    }

    /**
     * An event was written and flushed to the client.
     *
     * @param bytes        bytes written for the event
     * @param gatewayNanos time from reading the event's last byte to flushing it
     */
    default void eventRelayed(StreamInfo stream, int bytes, long gatewayNanos) {
    }

    /** A stream ended. */
    default void streamClosed(StreamInfo stream, CloseReason reason) {
    }

    /** Something went wrong on a stream: {@code kind} is short and stable, such as {@code connect} or {@code transform}. */
    default void error(StreamInfo stream, String kind, Throwable error) {
    }

    /** A request was answered without a stream (auth denial, limit, no upstream): its status and a short reason. */
    default void requestRejected(RequestView request, int status, String reason) {
    }

    /** The gateway reconnected (or failed to) an upstream mid-stream with {@code Last-Event-ID}. */
    default void resumed(StreamInfo stream, boolean success) {
    }
}
