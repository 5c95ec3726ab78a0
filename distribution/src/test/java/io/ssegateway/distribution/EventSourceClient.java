package io.ssegateway.distribution;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One client that behaves as a browser's EventSource does, over a plain socket (HTTP/1.1), on its own virtual
 * thread ({@link #run}): it reads the stream as WHATWG says (CR, LF or CRLF line ends, {@code id}, {@code data},
 * {@code retry}), and when the stream ends or breaks it waits the reconnection time (the last {@code retry:}
 * value, 3 s before any) and asks again with {@code Last-Event-ID} = its last event id. It keeps the id of every
 * event it got, in order, how often it reconnected, the longest time between two events, and the answers that were
 * not a {@code 200 text/event-stream} (on which a browser's EventSource would have given up; this one goes on, so
 * the test can still say what happened).
 */
final class EventSourceClient implements Runnable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long DEFAULT_RETRY_MILLIS = 3_000;

    private final InetSocketAddress address;
    private final String path;
    private volatile boolean closed;
    private volatile Socket socket;
    private volatile boolean answered;
    private volatile int lastId;

    // written by the client's own thread only; read by the test after close() and the thread's end
    private int[] ids = new int[256];
    private int count;
    private int reconnects;
    private int refusals;
    private String firstRefusal = "";
    private long longestGapNanos;
    private long lastEventNanos;
    private long retryMillis = DEFAULT_RETRY_MILLIS;
    private String lastEventIdBuffer = "";

    EventSourceClient(InetSocketAddress address, String path) {
        this.address = address;
        this.path = path;
    }

    @Override
    public void run() {
        boolean first = true;
        while (!closed) {
            if (!first) {
                reconnects++;
                try {
                    TimeUnit.MILLISECONDS.sleep(retryMillis); // the reconnection time, as EventSource waits it
                } catch (InterruptedException stop) {
                    return;
                }
            }
            first = false;
            try (Socket connection = new Socket()) {
                socket = connection;
                if (closed) {
                    return;
                }
                connection.connect(address, CONNECT_TIMEOUT_MILLIS);
                connection.setTcpNoDelay(true);
                OutputStream out = connection.getOutputStream();
                out.write(request().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream body = response(new BufferedInputStream(connection.getInputStream(), 8192));
                if (body != null) {
                    answered = true;
                    read(body);
                }
            } catch (IOException brokenOrClosed) {
                // reconnect, unless closed
            }
        }
    }

    /** True once it got its first {@code 200 text/event-stream} answer. */
    boolean answered() {
        return answered;
    }

    /** The id of the last event it got (0: none yet). */
    int lastId() {
        return lastId;
    }

    /** Stops it: closes its connection; it does not reconnect. */
    void close() {
        closed = true;
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The ids of the events it got, in order (after its thread has ended). */
    int[] ids() {
        return Arrays.copyOf(ids, count);
    }

    /** How often it connected again after its first connection. */
    int reconnects() {
        return reconnects;
    }

    /** Answers that were not {@code 200 text/event-stream}. */
    int refusals() {
        return refusals;
    }

    /** The status line and content type of the first answer that was not {@code 200 text/event-stream} ("": none). */
    String firstRefusal() {
        return firstRefusal;
    }

    /** The longest time between two events it got, in milliseconds. */
    long longestGapMillis() {
        return TimeUnit.NANOSECONDS.toMillis(longestGapNanos);
    }

    private String request() {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(address.getHostString()).append(':').append(address.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n")
                .append("Cache-Control: no-cache\r\n");
        if (!lastEventIdBuffer.isEmpty()) {
            request.append("Last-Event-ID: ").append(lastEventIdBuffer).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** Reads the response head; returns its body (de-chunked) if it is a 200 event stream, else null. */
    private InputStream response(InputStream in) throws IOException {
        String status = line(in);
        boolean ok = status.startsWith("HTTP/1.1 200") || status.startsWith("HTTP/1.0 200");
        boolean eventStream = false;
        String contentType = "";
        boolean chunked = false;
        long length = -1;
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> {
                    contentType = value;
                    eventStream = value.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
                }
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-length" -> length = Long.parseLong(value);
                default -> { }
            }
        }
        if (!ok || !eventStream) {
            if (refusals++ == 0) {
                firstRefusal = status + " (" + contentType + ")";
            }
            return null;
        }
        if (chunked) {
            return new Chunked(in);
        }
        return length >= 0 ? new Bounded(in, length) : in;
    }

    /** Parses the event stream as WHATWG's "interpret an event stream" does, for the fields this client needs. */
    private void read(InputStream body) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean data = false;
        boolean afterCr = false;
        byte[] buffer = new byte[4096];
        int n;
        while ((n = body.read(buffer, 0, buffer.length)) != -1) {
            for (int i = 0; i < n; i++) {
                int b = buffer[i] & 0xff;
                boolean lfOfCrLf = afterCr && b == '\n';
                afterCr = b == '\r';
                if (lfOfCrLf) {
                    continue;
                }
                if (b != '\r' && b != '\n') {
                    line.append((char) b); // ids and retry values are ASCII here; data is only noted, not kept
                } else if (line.isEmpty()) {
                    if (data) {
                        dispatch();
                    }
                    data = false;
                } else {
                    data |= field(line.toString());
                    line.setLength(0);
                }
            }
        }
    }

    /** Takes one field line; true if it was a data line. */
    private boolean field(String text) {
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                return true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> { }
        }
        return false;
    }

    private void dispatch() {
        long now = System.nanoTime();
        if (count > 0) {
            longestGapNanos = Math.max(longestGapNanos, now - lastEventNanos);
        }
        lastEventNanos = now;
        int id = Integer.parseInt(lastEventIdBuffer);
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        lastId = id;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new EOFException("the connection ended inside the response head");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** A chunked body, de-chunked; ends at the last chunk. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size.isEmpty()) { // the CRLF after the previous chunk's data
                    size = line(in);
                }
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the connection ended inside a chunk");
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int first = read();
            if (first == -1) {
                return -1;
            }
            into[offset] = (byte) first;
            int n = left == 0 ? 0 : in.read(into, offset + 1, (int) Math.min(length - 1, left));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            left -= n;
            return n + 1;
        }
    }

    /** A body of {@code Content-Length} bytes. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b != -1) {
                left--;
            }
            return b;
        }
    }
}
