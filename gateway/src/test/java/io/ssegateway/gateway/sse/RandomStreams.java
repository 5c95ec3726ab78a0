package io.ssegateway.gateway.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random event streams built from the pieces that make parsing hard: every kind of line end, BOMs, odd fields. */
final class RandomStreams {
    private static final List<byte[]> PIECES = new ArrayList<>();

    static {
        for (String s : List.of("data", "data:", "data: x", "data:  y", "data:é", "id: 1", "id: 2", "id", "id: a\0b",
                                "event: e", "event", "retry: 5", "retry: 70", "retry: x", ":c", ": c", "foo: bar",
                                "\r", "\n", "\r\n", "\n\n", "\r\r", "\r\n\r\n", " ", ":", "x", "€")) {
            PIECES.add(s.getBytes(StandardCharsets.UTF_8));
        }
        PIECES.add(new byte[] {(byte) 0xFF});
        PIECES.add(new byte[] {(byte) 0xE2, (byte) 0x82});
        PIECES.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }

    private RandomStreams() {
    }

    /** {@code count} streams of up to 40 pieces each, some starting with a BOM or part of one. */
    static List<byte[]> make(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            int start = random.nextInt(10);
            if (start < 2) {
                s.write(0xEF);
                s.write(0xBB);
                s.write(0xBF);
            } else if (start == 2) {
                s.write(0xEF);
                s.write(0xBB);
            }
            int pieces = random.nextInt(41);
            for (int p = 0; p < pieces; p++) {
                s.writeBytes(PIECES.get(random.nextInt(PIECES.size())));
            }
            out.add(s.toByteArray());
        }
        return out;
    }
}
