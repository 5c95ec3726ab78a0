package io.ssegateway.gateway.sse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Ways to cut an input into reads, as a socket might deliver it; the reads share the input array. */
final class Chunks {
    private static final int EVERY_OFFSET_UP_TO = 4096;
    private static final int EDGE = 2048;
    private static final int STRIDE = 257;

    private Chunks() {
    }

    /** One read: {@code len} bytes of {@code array} from {@code off}. */
    record Read(byte[] array, int off, int len) {
    }

    /** The input in one read. */
    static List<Read> whole(byte[] input) {
        return List.of(new Read(input, 0, input.length));
    }

    /** One read per byte. */
    static List<Read> byteByByte(byte[] input) {
        List<Read> out = new ArrayList<>(input.length);
        for (int k = 0; k < input.length; k++) {
            out.add(new Read(input, k, 1));
        }
        return out;
    }

    /** Two reads, the first of {@code at} bytes. */
    static List<Read> splitAt(byte[] input, int at) {
        return List.of(new Read(input, 0, at), new Read(input, at, input.length - at));
    }

    /** Reads of random sizes from 0 to {@code maxSize} bytes (empty reads included). */
    static List<Read> random(byte[] input, Random random, int maxSize) {
        List<Read> out = new ArrayList<>();
        int pos = 0;
        while (pos < input.length) {
            int size = Math.min(random.nextInt(maxSize + 1), input.length - pos);
            out.add(new Read(input, pos, size));
            pos += size;
        }
        return out;
    }

    /**
     * Whole, byte by byte, two reads at every offset, and {@code randomRuns} random cuts (seeded); made lazily.
     * Inputs longer than {@value #EVERY_OFFSET_UP_TO} bytes are cut at every offset within
     * {@value #EDGE} bytes of either end and at every {@value #STRIDE}th offset between, which keeps the one
     * long vector (a 100 kB run of one byte, where every inner offset takes the same path) within seconds.
     */
    static Stream<List<Read>> all(byte[] input, long seed, int randomRuns) {
        Random random = new Random(seed);
        return Stream.of(
                Stream.of(whole(input), byteByByte(input)),
                offsets(input.length).mapToObj(at -> splitAt(input, at)),
                IntStream.range(0, randomRuns).mapToObj(k -> random(input, random, 1 + random.nextInt(16))))
                .flatMap(s -> s);
    }

    private static IntStream offsets(int length) {
        if (length <= EVERY_OFFSET_UP_TO) {
            return IntStream.rangeClosed(0, length);
        }
        return IntStream.rangeClosed(0, length)
                .filter(at -> at <= EDGE || at >= length - EDGE || at % STRIDE == 0);
    }
}
