package io.ssegateway.gateway.sse;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time line end search against a byte-by-byte one, at every alignment and with look-alike bytes. */
class LineEndsTest {
    /** Bytes that differ from CR or LF in one bit, or have the high bit set, so a wrong mask would match them. */
    private static final byte[] TRICKY = {0x0B, 0x0C, 0x09, 0x08, 0x0E, 0x0F, 0x00, (byte) 0x8A, (byte) 0x8D,
                                          (byte) 0xFF, (byte) 0x80, 0x1A, 0x2D, 'a', ' '};

    @Test
    void findsTheFirstLineEndAtEveryPosition() {
        for (byte lineEnd : new byte[] {'\n', '\r'}) {
            for (int len = 0; len <= 40; len++) {
                for (int at = 0; at <= len; at++) {
                    byte[] buf = new byte[len];
                    for (int k = 0; k < len; k++) {
                        buf[k] = TRICKY[k % TRICKY.length];
                    }
                    if (at < len) {
                        buf[at] = lineEnd;
                    }
                    for (int from = 0; from <= len; from++) {
                        assertEquals(naive(buf, from, len), LineEnds.next(buf, from, len),
                                     "len " + len + ", line end at " + at + ", from " + from);
                    }
                }
            }
        }
    }

    @Test
    void agreesWithAByteByByteSearchOnRandomBytes() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = new byte[random.nextInt(64)];
            for (int k = 0; k < buf.length; k++) {
                int pick = random.nextInt(40);
                buf[k] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) '\r' : pick < 20 ? TRICKY[pick % TRICKY.length]
                                                                        : (byte) random.nextInt(256);
            }
            int from = buf.length == 0 ? 0 : random.nextInt(buf.length + 1);
            int end = from + random.nextInt(buf.length - from + 1);
            assertEquals(naive(buf, from, end), LineEnds.next(buf, from, end));
        }
    }

    private static int naive(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n' || buf[i] == '\r') {
                return i;
            }
        }
        return end;
    }
}
