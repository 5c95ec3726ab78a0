package io.ssegateway.gateway.stream;

import io.ssegateway.gateway.route.Route;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client stream: its two connections, its counters, and the state the supervisor reads to time it out.
 * Only the stream's own thread writes the counters; the supervisor only reads them and may abort the stream.
 * Whatever moves one of its {@link Deadline}s earlier calls {@link #deadlinesChanged()}.
 */
public final class StreamState implements StreamInfo {
    /** Expiries further away are taken as this far (System.nanoTime() differences overflow after 292 years). */
    private static final Duration MAX_WAIT = Duration.ofDays(365L * 100);

    /** Where a stream is in its life. */
    enum Phase { NEW, CONNECTING, TIMED_OUT, STREAMING, CLOSED }

    private final long id = StreamIds.next();
    private final Route route;
    private final String clientAddress;
    private final Instant started = Instant.now();
    private final Thread thread = Thread.currentThread();
    /** The thread waiting for upstream headers (see {@code UpstreamCall.connectAside}); under the phase lock. */
    private Thread connector;
    private final ReentrantLock phaseLock = new ReentrantLock();
    private final AtomicReference<CloseReason> abortReason = new AtomicReference<>();

    /** Held while writing to the client, by the relay loop and by heartbeats. */
    public final ReentrantLock writeLock = new ReentrantLock();

    private Phase phase = Phase.NEW;
    private volatile String identity = "";
    private volatile String upstream = "";
    private volatile int status;
    private volatile long events;
    private volatile long bytes;
    /** What closes the upstream connection: the response, or the body that took its connection. */
    private volatile AutoCloseable upstreamConnection;
    private volatile long firstByteDeadline;
    /** The client's request body while it is forwarded, or null. */
    private volatile ClientBodyWait clientBody;
    private volatile long lastActivity = System.nanoTime();
    private volatile long writeStarted;
    private volatile Thread writer;
    private volatile Heartbeat heartbeat;
    /** System.nanoTime() when the stream's credential expires; meaningful only when {@link #expires}. */
    private volatile long credentialDeadline;
    private volatile boolean expires;
    /** The supervisor's hold on this stream while it is open, or null. */
    private volatile StreamSupervisor.Watch watch;

    public StreamState(Route route, String clientAddress) {
        this.route = route;
        this.clientAddress = clientAddress;
    }

    public Route route() {
        return route;
    }

    @Override
    public long streamId() {
        return id;
    }

    @Override
    public String routeId() {
        return route.id();
    }

    @Override
    public String upstream() {
        return upstream;
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public long events() {
        return events;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    public void identity(String identity) {
        this.identity = identity;
    }

    public void upstream(String upstream) {
        this.upstream = upstream;
    }

    public void status(int status) {
        this.status = status;
    }

    public void counted(long eventsAdded, long bytesAdded) {
        events += eventsAdded;
        bytes += bytesAdded;
    }

    /** Starts waiting for upstream headers on this thread; the supervisor interrupts it at the deadline. */
    public void connecting(long deadlineNanos) {
        phaseLock.lock();
        try {
            phase = Phase.CONNECTING;
            connector = Thread.currentThread();
            firstByteDeadline = deadlineNanos;
        } finally {
            phaseLock.unlock();
        }
        deadlinesChanged();
    }

    /**
     * Upstream headers arrived (or the attempt failed): returns false when the supervisor timed the attempt out
     * first. Clears any interrupt the timeout left on this thread.
     */
    public boolean connected() {
        phaseLock.lock();
        try {
            connector = null;
            if (phase == Phase.TIMED_OUT) {
                Thread.interrupted();
                return false;
            }
            phase = Phase.STREAMING;
        } finally {
            phaseLock.unlock();
        }
        deadlinesChanged(); // heartbeat and write stall count from now
        return true;
    }

    /** The stream's credential stops being valid {@code remaining} from now (the auth decision's expiry). */
    public void credentialExpiresIn(Duration remaining) {
        long nanos = remaining.compareTo(MAX_WAIT) > 0 ? MAX_WAIT.toNanos() : Math.max(0, remaining.toNanos());
        credentialDeadline = System.nanoTime() + nanos;
        expires = true;
        deadlinesChanged();
    }

    /**
     * Called by the supervisor: closes a streaming stream whose credential has expired by {@code now} (the relay
     * ends and, at an event boundary, tells the client to reconnect with a fresh credential). Returns the
     * nanoseconds from {@code now} until it should be looked at again, or {@link Deadline#NEVER}.
     */
    long checkCredential(long now) {
        if (!expires || abortReason() != null) {
            return Deadline.NEVER;
        }
        long left = credentialDeadline - now;
        if (left > 0) {
            return left;
        }
        if (!streaming()) {
            return 1; // expired before it streams: looked at again at the next tick
        }
        abort(CloseReason.AUTH_EXPIRED);
        return Deadline.NEVER;
    }

    /** The client's request body being forwarded: at the first-byte deadline a wait for it is the client's. */
    public void clientBody(ClientBodyWait body) {
        this.clientBody = body;
    }

    /**
     * Called by the supervisor: ends a connect that passed its first-byte deadline, by ending the wait for the
     * client's body if that is what it waits for, otherwise by interrupting it. Returns the nanoseconds from
     * {@code now} to the deadline of a connect still waiting, or {@link Deadline#NEVER}.
     */
    long checkFirstByte(long now) {
        phaseLock.lock();
        try {
            if (phase != Phase.CONNECTING || connector == null) {
                return Deadline.NEVER;
            }
            if (now - firstByteDeadline > 0) {
                phase = Phase.TIMED_OUT;
                ClientBodyWait body = clientBody;
                if (body == null || !body.timeOut()) {
                    connector.interrupt();
                }
                return Deadline.NEVER;
            }
            return firstByteDeadline - now + 1;
        } finally {
            phaseLock.unlock();
        }
    }

    public boolean streaming() {
        phaseLock.lock();
        try {
            return phase == Phase.STREAMING;
        } finally {
            phaseLock.unlock();
        }
    }

    public void closed() {
        phaseLock.lock();
        try {
            phase = Phase.CLOSED;
        } finally {
            phaseLock.unlock();
        }
        Thread.interrupted();
    }

    /**
     * What closes the upstream connection from now on: the response being relayed, or the body that took its
     * connection; closed at once if the stream was aborted meanwhile.
     */
    public void upstreamConnection(AutoCloseable connection) {
        this.upstreamConnection = connection;
        if (abortReason.get() != null) {
            closeUpstream();
        }
    }

    public void activity(long now) {
        lastActivity = now;
    }

    long lastActivity() {
        return lastActivity;
    }

    /** A write to the client starts on the current thread (the relay loop's or a heartbeat's). */
    public void writeStarted(long now) {
        writer = Thread.currentThread();
        writeStarted = now;
    }

    public void writeDone() {
        writeStarted = 0;
    }

    public long writeStarted() {
        return writeStarted;
    }

    public void heartbeat(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        deadlinesChanged();
    }

    public Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Puts the stream under the supervisor's watch (or, with null, out of it); returns the previous watch. */
    StreamSupervisor.Watch supervised(StreamSupervisor.Watch watch) {
        StreamSupervisor.Watch previous = this.watch;
        this.watch = watch;
        return previous;
    }

    /** One of the stream's deadlines may now be earlier than the supervisor expects: it looks at the next tick. */
    void deadlinesChanged() {
        StreamSupervisor.Watch w = watch;
        if (w != null) {
            w.recheck();
        }
    }

    /** Why the stream was aborted from outside, or null. */
    public CloseReason abortReason() {
        return abortReason.get();
    }

    /**
     * Ends the stream from outside its thread: closes the upstream response, which frees a blocked read at once,
     * and, for a client that stopped reading, interrupts the thread, which closes the client socket under a
     * blocked write.
     */
    public void abort(CloseReason reason) {
        if (!abortReason.compareAndSet(null, reason)) {
            return;
        }
        closeUpstream();
        if (reason == CloseReason.WRITE_STALL) {
            Thread blocked = writer;
            (blocked == null ? thread : blocked).interrupt();
        }
    }

    public void closeUpstream() {
        AutoCloseable connection = upstreamConnection;
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // the connection is gone either way
            }
        }
    }

    /** The client's request body while it is forwarded upstream, as the first-byte deadline sees it. */
    public interface ClientBodyWait {
        /**
         * The first-byte deadline came: returns true when the body was waiting for the client and that wait was
         * ended, false when the connect is to be interrupted instead.
         */
        boolean timeOut();
    }

    /** Writes a heartbeat comment for a stream whose upstream is silent; run by the supervisor off its own thread. */
    public interface Heartbeat {
        /** Writes the heartbeat if the stream is between events; returns false when the write failed. */
        boolean beat();
    }
}
