package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.share.ClientQueue;
import io.ssegateway.gateway.share.SharedEvent;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes a queue-fed client's events (a shared stream's SSE client, a channel's subscriber, a shared route's NDJSON
 * reader) from its {@link ClientQueue} on the request's own thread until the queue or the stream ends: blocking writes
 * that the stream's supervisor watches (write-stall), a heartbeat when nothing came for the heartbeat interval, and
 * a client that fell behind by more than {@code max-queue} closed as {@code slow_client}: one blocked in a write is
 * interrupted, an idle one wakes from its queue. What differs between the clients, how they take events off their
 * queue and what they write for them, is their {@link Form}.
 */
final class QueuedClientWriter {
    private static final byte[] RETRY_HINT = ("retry: " + ErrorAnswers.RETRY_MS + "\n\n")
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * What differs between the clients: how they take events off their queue and what they write for them. The
     * writer calls {@link #take}, then {@link #write} or {@link #heartbeat}, once per wake, never per event.
     */
    interface Form {
        /**
         * Takes what {@code queue} holds (one event or all waiting, as the form writes them), waiting at most
         * {@code timeoutNanos} for one; false when nothing came (a heartbeat is due, or the queue ended).
         *
         * @throws InterruptedException if the writer's thread was interrupted (an abort, a slow client)
         */
        boolean take(ClientQueue queue, long timeoutNanos) throws InterruptedException;

        /** Writes what {@link #take} took, flushing as the form does, and counts it on {@code stream}. */
        void write(ClientQueue queue, OutputStream out, StreamState stream) throws IOException;

        /** Writes and flushes a heartbeat. */
        void heartbeat(OutputStream out) throws IOException;

        /** Whether a stream that closes for {@code reason} ends with a {@code retry:} hint. */
        boolean hintsRetry(CloseReason reason);
    }

    /**
     * A form that takes one event per wake, so what still waits counts against {@code max-queue} while it writes, and
     * flushes (as its {@link #write(SharedEvent, ClientQueue, OutputStream, StreamState)} does) when none waits.
     */
    abstract static class OneAtATime implements Form {
        private final byte[] heartbeat;
        private SharedEvent event;

        /** A form whose heartbeat is {@code heartbeat}. */
        OneAtATime(byte[] heartbeat) {
            this.heartbeat = heartbeat;
        }

        @Override
        public final boolean take(ClientQueue queue, long timeoutNanos) throws InterruptedException {
            event = queue.next(timeoutNanos);
            return event != null;
        }

        @Override
        public final void write(ClientQueue queue, OutputStream out, StreamState stream) throws IOException {
            write(event, queue, out, stream);
        }

        @Override
        public final void heartbeat(OutputStream out) throws IOException {
            out.write(heartbeat);
            out.flush();
        }

        /** Writes the event taken, flushing when {@code queue} is empty, and counts it on {@code stream}. */
        abstract void write(SharedEvent event, ClientQueue queue, OutputStream out, StreamState stream)
                throws IOException;
    }

    private final StreamState stream;
    private final ClientQueue queue;
    private final Monitors monitors;
    private final long heartbeatNanos;
    private final Form form;
    private volatile Thread writer;

    /** A writer of {@code queue}'s events to the client of {@code stream}, with a heartbeat every {@code heartbeat}. */
    QueuedClientWriter(StreamState stream, ClientQueue queue, Monitors monitors, Duration heartbeat, Form form) {
        this.stream = stream;
        this.queue = queue;
        this.monitors = monitors;
        this.heartbeatNanos = heartbeat.toNanos();
        this.form = form;
    }

    /**
     * Streams to a client whose response was just opened on {@code out} ({@link StreamingResponse}): the stream counts
     * as connected and opened, the queue's events are written until it ends, then the response ends (after a
     * {@code retry:} hint where the form gives one); returns why it ended.
     */
    CloseReason stream(OutputStream out) {
        watchSlow();
        // the supervisor watches a streaming stream's writes (write-stall); its heartbeats are written here
        stream.connecting(System.nanoTime() + Duration.ofDays(1).toNanos()); // no connect of its own to time out
        stream.connected();
        monitors.opened(stream);
        CloseReason reason = loop(out);
        try {
            if (form.hintsRetry(reason)) {
                out.write(RETRY_HINT);
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            if (reason == CloseReason.UPSTREAM_ENDED) {
                reason = CloseReason.CLIENT_GONE;
            }
        }
        return reason;
    }

    /**
     * Writes the queue's events on {@code out}, a response already streaming (a private stream's, handed over), until
     * the queue or the stream ends; returns why. The caller ends the response.
     */
    CloseReason continueOn(OutputStream out) {
        watchSlow();
        return loop(out);
    }

    private void watchSlow() {
        writer = Thread.currentThread();
        queue.onSlow(this::slow);
    }

    /** Writes the queue's events until the queue or the stream ends; returns why. */
    private CloseReason loop(OutputStream out) {
        while (true) {
            boolean took;
            try {
                took = form.take(queue, heartbeatNanos);
            } catch (InterruptedException e) {
                Thread.interrupted();
                took = false;
            }
            CloseReason aborted = stream.abortReason();
            if (aborted != null) {
                return aborted;
            }
            ClientQueue.End end = queue.end();
            if (!took && end != null) {
                return end.closeReason();
            }
            long now = System.nanoTime();
            stream.writeStarted(now);
            try {
                if (took) {
                    form.write(queue, out, stream);
                } else {
                    form.heartbeat(out);
                }
            } catch (IOException | RuntimeException e) {
                if (queue.end() == ClientQueue.End.SLOW) {
                    return CloseReason.SLOW_CLIENT;
                }
                CloseReason why = stream.abortReason();
                return why != null ? why : CloseReason.CLIENT_GONE;
            } finally {
                stream.writeDone();
            }
            stream.activity(now);
        }
    }

    /**
     * The client fell behind by more than {@code max-queue} (run on the thread that fills the queue): a client
     * blocked in a write cannot take a {@code retry:} hint at an event boundary, so its write is interrupted, which
     * closes its connection; an idle one wakes from its queue and ends (with the hint where its form has one).
     */
    private void slow() {
        Thread t = writer;
        if (t != null && stream.writeStarted() != 0) {
            t.interrupt();
        }
    }
}
