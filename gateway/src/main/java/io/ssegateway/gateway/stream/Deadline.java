package io.ssegateway.gateway.stream;

import io.ssegateway.spi.monitor.CloseReason;

/**
 * The kinds of deadline a stream has. The supervisor looks at a stream only when one of them may be due: each kind
 * acts on the stream if its deadline has passed and says how long until it should be looked at again. A kind reads
 * the stream's state as the supervisor finds it; a stream whose state moves one of its deadlines earlier than the
 * supervisor expects (it starts connecting, starts streaming, registers a heartbeat) calls
 * {@link StreamState#deadlinesChanged()}. State that only moves a deadline later (activity, a write that ends) needs
 * no call: the deadline is found later when the supervisor looks.
 *
 * <p>A new kind is one more constant here, plus a {@code deadlinesChanged()} call where its deadline is set.
 */
enum Deadline {
    /** Upstream response headers not received within {@code first-byte}: the attempt is interrupted. */
    FIRST_BYTE {
        @Override
        long check(StreamState s, long now) {
            return s.checkFirstByte(now);
        }
    },
    /** A write to the client blocked for longer than {@code write-stall}: the stream is aborted. */
    WRITE_STALL {
        @Override
        long check(StreamState s, long now) {
            if (!s.streaming()) {
                return NEVER;
            }
            long stall = s.route().settings().timeouts().writeStall().toNanos();
            long started = s.writeStarted();
            if (started == 0) {
                return stall + 1; // a write starting from now on stalls at the earliest then
            }
            if (now - started > stall) {
                s.abort(CloseReason.WRITE_STALL);
                return NEVER;
            }
            return started + stall + 1 - now;
        }
    },
    /** The auth decision's expiry passed: the stream is closed with a {@code retry:} hint at an event boundary. */
    CREDENTIAL_EXPIRY {
        @Override
        long check(StreamState s, long now) {
            return s.checkCredential(now);
        }
    },
    /** {@code heartbeat} of upstream silence: a comment is written to the client, off the supervisor's thread. */
    HEARTBEAT {
        @Override
        long check(StreamState s, long now) {
            StreamState.Heartbeat heartbeat = s.heartbeat();
            if (heartbeat == null || s.abortReason() != null || !s.streaming()) {
                return NEVER;
            }
            long interval = s.route().settings().heartbeat().toNanos();
            long silence = now - s.lastActivity();
            if (silence < interval) {
                return interval - silence;
            }
            s.activity(now); // the next beat is one heartbeat interval later
            Thread.ofVirtual().name("sse-heartbeat-" + s.streamId()).start(() -> {
                if (!heartbeat.beat()) {
                    s.abort(CloseReason.CLIENT_GONE);
                }
            });
            return interval;
        }
    };

    /** What {@link #check} returns for a deadline the stream does not have now. */
    static final long NEVER = Long.MAX_VALUE;

    private static final Deadline[] ALL = values();

    /**
     * Acts on the stream if this deadline has passed (on the supervisor's thread, so kinds never race each other)
     * and returns the nanoseconds from {@code now} until it should be looked at again (at least 1), or
     * {@link #NEVER}.
     */
    abstract long check(StreamState s, long now);

    /** Checks every kind in turn; returns the nanoseconds until the first of them is next due, or {@link #NEVER}. */
    static long checkAll(StreamState s, long now) {
        long next = NEVER;
        for (Deadline d : ALL) {
            next = Math.min(next, d.check(s, now));
        }
        return next;
    }
}
