package io.ssegateway.gateway.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next CR or LF in a byte array eight bytes at a time (SWAR: one 64-bit word per step, no per-byte
 * branch), so the scanners skip the body of a line, usually most of an event, in a few steps.
 */
final class LineEnds {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private LineEnds() {
    }

    /** The index of the first CR or LF in {@code buf[from, end)}, or {@code end} if there is none. */
    static int next(byte[] buf, int from, int end) {
        int i = from;
        while (i + Long.BYTES <= end) {
            long word = (long) WORDS.get(buf, i);
            long found = zeroBytes(word ^ LFS) | zeroBytes(word ^ CRS);
            if (found != 0) {
                // the lowest flagged byte is exact (false flags only ever sit above a true zero byte)
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < end) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
            i++;
        }
        return end;
    }

    /** A word with the high bit set in (at least) the lowest byte of {@code v} that is zero; 0 if none is. */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }
}
