package io.ssegateway.gateway.relay;

import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One shared timer that visits every open stream a few times a second: it times out upstream connects, writes
 * heartbeats after upstream silence, disconnects clients that stopped reading and closes streams whose credential
 * expired. No thread per stream.
 */
public final class StreamSupervisor implements AutoCloseable {
    private static final long TICK_MS = 100;

    private final Set<RelayStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    /** Starts the timer. */
    public StreamSupervisor() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-stream-supervisor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::visitAll, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    void add(RelayStream stream) {
        streams.add(stream);
    }

    void remove(RelayStream stream) {
        streams.remove(stream);
    }

    /** Open streams right now. */
    public int openStreams() {
        return streams.size();
    }

    /** Aborts every open stream (shutdown). */
    public void abortAll(CloseReason reason) {
        for (RelayStream s : streams) {
            s.abort(reason);
        }
    }

    /**
     * Closes every open stream with {@code reason}, each at a random moment within {@code window}, so clients do
     * not all reconnect at the same instant.
     */
    public void abortAllSpread(CloseReason reason, Duration window) {
        long windowMs = Math.max(1, window.toMillis());
        for (RelayStream s : streams) {
            long at = java.util.concurrent.ThreadLocalRandom.current().nextLong(windowMs);
            timer.schedule(() -> s.abort(reason), at, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until no stream is open or the timeout passes; returns whether all closed. */
    public boolean awaitNoStreams(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!streams.isEmpty()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void visitAll() {
        long now = System.nanoTime();
        for (RelayStream s : streams) {
            try {
                visit(s, now);
            } catch (RuntimeException e) {
                System.getLogger(StreamSupervisor.class.getName())
                        .log(System.Logger.Level.WARNING, "stream supervisor failed on stream " + s.streamId(), e);
            }
        }
    }

    private void visit(RelayStream s, long now) {
        s.checkFirstByte(now);
        if (!s.streaming()) {
            return;
        }
        if (s.credentialExpired(now)) {
            // the relay ends and, at an event boundary, tells the client to reconnect (a fresh credential)
            s.abort(CloseReason.AUTH_EXPIRED);
            return;
        }
        long writeStarted = s.writeStarted();
        Duration stall = s.route().settings().timeouts().writeStall();
        if (writeStarted != 0 && now - writeStarted > stall.toNanos()) {
            s.abort(CloseReason.WRITE_STALL);
            return;
        }
        long silence = now - s.lastActivity();
        RelayStream.Heartbeat heartbeat = s.heartbeat();
        if (heartbeat != null && silence >= s.route().settings().heartbeat().toNanos()) {
            s.activity(now); // the next beat is one heartbeat interval later
            Thread.ofVirtual().name("sse-heartbeat-" + s.streamId()).start(() -> {
                if (!heartbeat.beat()) {
                    s.abort(CloseReason.CLIENT_GONE);
                }
            });
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
