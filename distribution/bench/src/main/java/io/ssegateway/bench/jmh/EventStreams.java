package io.ssegateway.bench.jmh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Event streams as BenchOrigin sends them ({@code id: N\ndata: <micros> xxx...\n\n}), built once per benchmark. */
public final class EventStreams {
    /** Bytes of each event's data value in the benchmarks, as in the S1/S2 scenarios. */
    public static final int DATA_SIZE = 200;

    private EventStreams() {
    }

    /** {@code count} events, each with an id and a data value of {@code dataSize} bytes, one byte array each. */
    public static byte[][] events(int count, int dataSize) {
        byte[][] events = new byte[count][];
        long micros = 1_700_000_000_000_000L;
        for (int i = 0; i < count; i++) {
            StringBuilder data = new StringBuilder(dataSize).append(micros + i * 100L).append(' ');
            while (data.length() < dataSize) {
                data.append('x');
            }
            events[i] = ("id: " + (i + 1) + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.US_ASCII);
        }
        return events;
    }

    /** The events one after the other, as the relay reads them from a plain body. */
    public static byte[] concat(byte[][] events) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] e : events) {
            all.writeBytes(e);
        }
        return all.toByteArray();
    }

    /** The events as an HTTP/1.1 chunked body, one chunk per event and the last chunk, as BenchOrigin writes them. */
    public static byte[][] chunks(byte[][] events) {
        byte[][] chunks = new byte[events.length + 1][];
        for (int i = 0; i < events.length; i++) {
            byte[] size = (Integer.toHexString(events[i].length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = Arrays.copyOf(size, size.length + events[i].length + 2);
            System.arraycopy(events[i], 0, chunk, size.length, events[i].length);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            chunks[i] = chunk;
        }
        chunks[events.length] = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return chunks;
    }

    /** {@code bytes} cut into pieces of at most {@code size} bytes, as successive socket reads would return them. */
    public static byte[][] slices(byte[] bytes, int size) {
        byte[][] slices = new byte[(bytes.length + size - 1) / size][];
        for (int i = 0; i < slices.length; i++) {
            slices[i] = Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size));
        }
        return slices;
    }

    /** Total length of the arrays. */
    public static int length(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }
}
