package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.EventTooLargeException;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.upstream.ChunkedBodyReader;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The blocking loop that moves one upstream body to one client, on the request's virtual thread: read, write,
 * flush where the subclass says. One buffer per stream, reused for every read, small until the stream is busy.
 * <p>
 * A subclass says only how a read goes to the client ({@link #relay}), what a new upstream body resets
 * ({@link #upstreamStarted}), whether the upstream stopped between blocks ({@link #upstreamBetweenBlocks}) and what
 * it holds back ({@link #flushPartial}). Where the client's stream stands is a {@link ClientOutput} (shared with the
 * stream's {@link HeartbeatWriter}); what a resume needs is a {@link ResumePoint}.
 */
public abstract class RelayLoop {
    private static final Logger LOGGER = Logger.getLogger(RelayLoop.class.getName());
    /** Bytes read from the upstream at most per read. */
    static final int BUFFER_SIZE = 8192;
    /** The buffer a stream starts with; it doubles up to {@link #BUFFER_SIZE} when reads fill it (a busy stream). */
    public static final int FIRST_BUFFER_SIZE = 256;
    /** A stream that has found bytes waiting on every read for this long steps aside once. */
    private static final long STEP_ASIDE_NANOS = 2_000_000;
    /** A read that took longer than this waited for the upstream: the thread parked, and others ran meanwhile. */
    private static final long WAITED_NANOS = 50_000;

    /**
     * Asked, after a read whose events were written, with the id of the last event written to the client: true when
     * the client goes on elsewhere from that id (a shared stream), which ends the loop ({@link #handedOff()}).
     */
    private Predicate<String> handOff;
    /** The last id {@link #handOff} was asked about, so each id is asked once. */
    private String handOffAsked;
    private boolean handedOff;

    /** Which upstream body of the stream is being relayed. */
    enum Upstream { NONE_YET, FIRST, RESUMED }

    final StreamState stream;
    final OutputStream out;
    /** Where the client's stream stands; changed under the write lock. */
    final ClientOutput output;
    /** The ids relayed and the upstream's retry, for a resume. */
    final ResumePoint resumePoint = new ResumePoint();
    /** Writes heartbeats while the upstream is silent (an event stream's loop), or null. */
    final HeartbeatWriter heartbeat;
    byte[] buffer = new byte[FIRST_BUFFER_SIZE];
    /** The upstream body being relayed now; its {@code available()} tells whether more bytes are already here. */
    InputStream in;
    Upstream upstream = Upstream.NONE_YET;

    RelayLoop(StreamState stream, OutputStream out, ClientOutput output) {
        this.stream = stream;
        this.out = out;
        this.output = output;
        // only between blocks may a heartbeat go in: an event stream's output starts there, any other never is
        this.heartbeat = output.betweenBlocks() ? new HeartbeatWriter(stream, out, output) : null;
        if (heartbeat != null) {
            stream.heartbeat(heartbeat);
        }
    }

    /** Relays one upstream body until one side ends; returns why. A loop may run again on a resumed upstream. */
    public final CloseReason run(InputStream in) {
        this.in = in;
        upstream = upstream == Upstream.NONE_YET ? Upstream.FIRST : Upstream.RESUMED;
        if (upstream == Upstream.RESUMED) {
            resumePoint.resumed();
        }
        upstreamStarted();
        long busySince = System.nanoTime();
        while (true) {
            int n;
            long readStart = System.nanoTime();
            try {
                n = in.read(buffer, 0, buffer.length); // not read(buffer): a frame less on every parked stream
            } catch (IOException | RuntimeException e) {
                return ended(CloseReason.UPSTREAM_ERROR);
            }
            if (n < 0) {
                return ended(CloseReason.UPSTREAM_ENDED);
            }
            if (n == 0) {
                continue;
            }
            long readAt = System.nanoTime();
            if (readAt - readStart > WAITED_NANOS) {
                busySince = readAt;
            }
            stream.activity(readAt);
            stream.writeLock.lock();
            try {
                stream.writeStarted(readAt);
                relay(n, readAt);
                if (handOff != null && handsOff()) {
                    return ended(CloseReason.UPSTREAM_ENDED);
                }
            } catch (EventTooLargeException e) {
                LOGGER.warning("route " + stream.routeId() + ": upstream " + stream.upstream() + " sent an event over "
                        + e.limit() + " bytes (max-event-size); stream " + stream.streamId() + " closed");
                stream.route().monitors().error(stream, "event_too_large", e);
                return ended(CloseReason.EVENT_TOO_LARGE);
            } catch (IOException | RuntimeException e) {
                return ended(CloseReason.CLIENT_GONE);
            } finally {
                stream.writeDone();
                stream.writeLock.unlock();
            }
            if (n == buffer.length && n < BUFFER_SIZE) {
                buffer = new byte[n * 2]; // thousands of quiet streams each kept 8 KiB they never filled
            }
            if (readAt - busySince > STEP_ASIDE_NANOS) {
                stepAside();
                busySince = System.nanoTime();
            }
        }
    }

    /**
     * Lets other streams and new connections run. Virtual threads are not time-sliced, so a stream whose upstream
     * never pauses would keep its carrier thread (seen in the S2 benchmark: 46 of 50 streams never answered).
     * Thread.yield() is not enough: a yielded thread goes back on its carrier's own queue when that holds others,
     * and a carrier runs its own queue empty before it takes shared work (ForkJoinPool.topLevelExec), where new
     * connections and I/O wake-ups wait. A timed park comes back through the shared queue. Only a stream whose reads
     * have not waited for 2 ms does this, so streams that wait between events (most) never pay for the timer.
     */
    private static void stepAside() {
        LockSupport.parkNanos(1);
    }

    /**
     * From now on, after each read, asks {@code handOff} with the id of the last event written to the client whether
     * the client goes on elsewhere from there; if it does, the loop ends ({@link #handedOff()}), with what it wrote
     * flushed and no heartbeat of its own any more. The upstream must be read with ids tracked.
     */
    public final void handOff(Predicate<String> handOff) {
        this.handOff = handOff;
    }

    /** Whether the loop ended because the client went on elsewhere ({@link #handOff}). */
    public final boolean handedOff() {
        return handedOff;
    }

    /** Asks {@link #handOff} about a new last id written, at a block boundary; under the write lock. */
    private boolean handsOff() throws IOException {
        String last = resumePoint.lastId();
        if (last == null || last.equals(handOffAsked) || !output.betweenBlocks()) {
            return false;
        }
        handOffAsked = last;
        stream.writeDone(); // the question may wait a moment (not a write the supervisor should take for stalled)
        boolean handed = handOff.test(last);
        stream.writeStarted(System.nanoTime());
        if (!handed) {
            return false;
        }
        handedOff = true;
        output.end(); // a heartbeat already on its way writes nothing: the new writer writes its own
        stream.heartbeat(null); // and the supervisor sends no more
        out.flush();
        output.flushed();
        return true;
    }

    /** Whether the upstream has sent nothing that is not read yet (a syscall for a chunked body). */
    final boolean nothingMoreArrived() throws IOException {
        return in.available() == 0 && !(in instanceof ChunkedBodyReader body && body.moreInSocket());
    }

    /** A new upstream body starts (the first, or a resumed one: {@link #upstream}). */
    void upstreamStarted() {
    }

    /** What a resume of this stream starts from: the ids relayed to the client and the upstream's {@code retry}. */
    public final ResumePoint resumePoint() {
        return resumePoint;
    }

    /**
     * The stream ends without a resume: writes what is held of an unfinished block, so the client gets every byte
     * the upstream sent (it will discard an unfinished event, as it would have directly).
     */
    void flushPartial() {
    }

    /**
     * Whether the upstream's bytes so far end at an event boundary: nothing of an unfinished block is held or was
     * cut through. A body that only the connection's close ends is complete only then.
     */
    public abstract boolean upstreamBetweenBlocks();

    /** Whether what was written so far ends at an event boundary, so a new block may follow. */
    public final boolean atBlockBoundary() {
        return output.betweenBlocks();
    }

    /**
     * Ends the client's response, under the write lock: writes {@code finalBlock} if not null and at a block boundary
     * (a drain's {@code retry:}), else, if {@code flushHeld}, what is held of an unfinished block; then closes the
     * client's stream. A heartbeat due meanwhile writes nothing from now on: one after the held bytes would complete
     * an event the upstream never finished, one after the close would write past the response's end. Returns false
     * if the client was gone.
     */
    public final boolean finish(byte[] finalBlock, boolean flushHeld) {
        stream.writeLock.lock();
        try {
            output.end();
            if (finalBlock != null) {
                writeFinal(finalBlock);
            } else if (flushHeld && !handedOff) { // after a hand-off what was held comes from the new writer
                flushPartial();
            }
            out.close();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            stream.writeLock.unlock();
        }
    }

    /** Writes a final block (e.g. {@code retry:} before a drain closes the stream) if at a block boundary. */
    private void writeFinal(byte[] block) {
        stream.writeLock.lock();
        try {
            if (atBlockBoundary()) {
                out.write(block);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone; nothing to tell it
        } finally {
            stream.writeLock.unlock();
        }
    }

    /**
     * Writes the {@code n} bytes just read into {@link #buffer} and flushes as the stream needs; under the write
     * lock.
     */
    abstract void relay(int n, long readAt) throws IOException;

    /** The reason to report: an abort from outside wins over what the loop saw. */
    private CloseReason ended(CloseReason seen) {
        CloseReason aborted = stream.abortReason();
        return aborted != null ? aborted : seen;
    }
}
