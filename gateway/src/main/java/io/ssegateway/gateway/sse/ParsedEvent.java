package io.ssegateway.gateway.sse;

import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * One block of an event stream (everything up to and including a blank line), as parsed and as received.
 * A block {@linkplain #dispatches() dispatches} an event to clients only if it had at least one {@code data}
 * field; other blocks (comments, {@code id}, {@code retry}, or just a blank line) still matter to clients and
 * the relay should forward them.
 */
public final class ParsedEvent {
    private final SseEvent event;
    private final boolean dispatches;
    private final String lastEventId;
    private final byte[] raw;

    ParsedEvent(SseEvent event, boolean dispatches, String lastEventId, byte[] raw) {
        this.event = event;
        this.dispatches = dispatches;
        this.lastEventId = lastEventId;
        this.raw = raw;
    }

    /** The block as the SPI sees it: id, type and retry of this block (null when absent), data and comments. */
    public SseEvent event() {
        return event;
    }

    /** Whether a client dispatches an event for this block (it had a {@code data} field, possibly empty). */
    public boolean dispatches() {
        return dispatches;
    }

    /** The stream's last event ID after this block, as a client would send it in {@code Last-Event-ID}. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * A copy of the block's bytes as received, from its first byte through its terminating blank line (the BOM
     * of the stream is not part of any block). When the blank line ended in CR at the end of one read and the LF
     * of that CRLF came with the next read, the block ends at the CR and the LF is dropped (it means nothing).
     */
    public byte[] raw() {
        return raw.clone();
    }

    /** The number of bytes {@link #raw()} returns. */
    public int rawLength() {
        return raw.length;
    }

    /**
     * Whether the block's bytes start with U+FEFF: a BOM after the stream's leading one, which is part of the first
     * line's field name (so that field is unknown). A client that got these bytes first would strip it instead.
     */
    public boolean startsWithBom() {
        byte[] bom = LeadingBom.BYTES;
        return raw.length >= bom.length && raw[0] == bom[0] && raw[1] == bom[1] && raw[2] == bom[2];
    }

    /** Writes the block's bytes as received, without copying them. */
    public void writeRawTo(OutputStream out) throws IOException {
        out.write(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedEvent other
                && dispatches == other.dispatches
                && event.equals(other.event)
                && lastEventId.equals(other.lastEventId)
                && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, dispatches, lastEventId, Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return "ParsedEvent[" + event + ", dispatches=" + dispatches + ", lastEventId=" + lastEventId
                + ", rawLength=" + raw.length + "]";
    }
}
