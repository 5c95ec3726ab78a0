// Adapted from the team's shared benchmark tools (/work/shared/bench/LoadClient.java): same behaviour and command-line
// flags, plus --platform-threads, --join-live and --selectors; only the package, the class name and the usage text changed otherwise. Run from the bench jar:
//   java -cp distribution/bench/target/sse-gateway-bench.jar io.ssegateway.bench.LoadClient ...
package io.ssegateway.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * SSE load client: C concurrent HTTP/1.1 streams over plain sockets, one virtual thread each.
 *
 *   java -cp sse-gateway-bench.jar io.ssegateway.bench.LoadClient --url 'http://127.0.0.1:18082/events?rate=10&size=200' --conns 100
 *        [--ramp 200] [--duration 30] [--warmup 2] [--bind 127.0.0.2,127.0.0.3] [--last-event-id N] [--label S1/nginx]
 *        [--platform-threads]  (a platform thread per stream: the OS time-slices them, so busy streams cannot starve
 *        the client's new connections, which its virtual threads do under flat-out load)
 *        [--join-live]  (streams join a live stream, e.g. a proxy's shared one: each stream's first id is where it
 *        starts, not a loss; gaps and repeats are counted from there)
 *        [--selectors N]  (after its response head, each stream is read by one of N platform threads with an NIO
 *        selector instead of its own thread: a read costs one read() and a share of one epoll_wait, not a park, a
 *        poller wake-up and an unpark; S5's 5,000 clients of small events cost the client ~4x less CPU this way)
 *
 * Opens --conns streams at --ramp connections/s (0 = all at once), then holds them --duration seconds.
 * Rates and latencies are measured over the hold minus its first --warmup seconds (the "window");
 * time to first event is measured for every stream, from just before connect().
 * Latency = receive time (CLOCK_REALTIME when read() returned) - send time embedded by BenchOrigin (Upstream.java)
 * as the first token of the data value, so client and upstream must share a clock (same machine).
 * At the end every stream's ids are checked for gaps (lost) and repeats (dup).
 * Prints a human summary, then one JSON line last. The whole run is bounded by a watchdog.
 */
public class LoadClient {
    // configuration
    static URI url;
    static InetSocketAddress target;
    static byte[] request;
    static String[] bindAddrs = {};
    static long lastEventIdArg = -1;
    static boolean joinLive;
    static SelectorLoop[] selectors = {};
    static int connectTimeoutMs = 10_000;

    // run phase
    static volatile boolean measuring, stopping;

    // results
    static final Histo[] latency = new Histo[16];  // striped by stream so two carriers rarely touch the same array
    static final Histo ttfe = new Histo();
    static final LongAdder heartbeats = new LongAdder();
    static Stream[] streams = {};
    static final AtomicInteger connected = new AtomicInteger(), failed = new AtomicInteger(),
            open = new AtomicInteger(), peerClosed = new AtomicInteger();
    static final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /**
     * Reads the streams handed to it (non-blocking channels) on one platform thread with a selector, feeding each
     * read to its stream's decoder as the stream's own thread would.
     */
    static final class SelectorLoop implements Runnable {
        final Selector selector;
        final java.util.concurrent.ConcurrentLinkedQueue<Stream> incoming = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final byte[] buf = new byte[65536];
        final ByteBuffer bb = ByteBuffer.wrap(buf);

        SelectorLoop() {
            try { selector = Selector.open(); } catch (IOException e) { throw new UncheckedIOException(e); }
            Thread.ofPlatform().daemon().name("load-selector").start(this);
        }

        void add(Stream s) {
            incoming.add(s);
            selector.wakeup();
        }

        public void run() {
            while (!stopping) {
                try {
                    selector.select(100);
                    for (Stream s; (s = incoming.poll()) != null; ) {
                        s.channel.configureBlocking(false);
                        s.channel.register(selector, SelectionKey.OP_READ, s);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Stream s = (Stream) key.attachment();
                        try {
                            bb.clear();
                            int r = s.channel.read(bb);
                            if (r < 0) { s.endSelected(key, null); continue; }
                            if (r == 0) continue;
                            long rx = nowMicros();
                            if (measuring) { s.winBytes += r; s.winReads++; }
                            s.feed(buf, 0, r, rx);
                            if (s.ended) s.endSelected(key, null);
                        } catch (IOException | RuntimeException e) {
                            s.endSelected(key, e);
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (IOException | RuntimeException e) {
                    if (!stopping) error("selector " + e);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.pollerMode", "1"); // see Fairness below; must be set before the first socket I/O
        int conns = 100;
        double ramp = 0, duration = 30, warmup = 2;
        String label = "";
        boolean platform = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = URI.create(args[++i]);
                case "--conns" -> conns = Integer.parseInt(args[++i]);
                case "--ramp" -> ramp = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--bind" -> bindAddrs = args[++i].split(",");
                case "--last-event-id" -> lastEventIdArg = Long.parseLong(args[++i]);
                case "--connect-timeout-ms" -> connectTimeoutMs = Integer.parseInt(args[++i]);
                case "--label" -> label = args[++i];
                case "--platform-threads" -> platform = true;
                case "--join-live" -> joinLive = true;
                case "--selectors" -> {
                    selectors = new SelectorLoop[Integer.parseInt(args[++i])];
                    for (int k = 0; k < selectors.length; k++) selectors[k] = new SelectorLoop();
                }
                default -> { System.err.println("unknown option " + args[i] + "; see the comment at the top of io.ssegateway.bench.LoadClient"); System.exit(2); }
            }
        }
        if (url == null || warmup >= duration) { System.err.println("need --url, and --warmup < --duration"); System.exit(2); }
        target = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        String pathQuery = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        request = ("GET " + pathQuery + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + target.getPort()
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\nUser-Agent: sse-bench\r\n"
                + (lastEventIdArg >= 0 ? "Last-Event-ID: " + lastEventIdArg + "\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        double rampSeconds = ramp > 0 ? conns / ramp : 0;
        long bound = (long) ((rampSeconds + duration + 30) * 1000);
        Thread.ofPlatform().daemon().start(() -> {
            sleepMs(bound);
            System.err.println("watchdog: run exceeded " + bound + " ms, exiting");
            System.exit(3);
        });

        long t0 = System.nanoTime();
        Thread.ofPlatform().daemon().start(() -> progress(t0));
        for (int i = 0; i < latency.length; i++) latency[i] = new Histo();
        Stream[] streams = new Stream[conns];
        LoadClient.streams = streams;
        Thread[] threads = new Thread[conns];
        for (int i = 0; i < conns; i++) {
            if (ramp > 0) sleepUntil(t0 + (long) (i * 1e9 / ramp));
            streams[i] = new Stream(bindAddrs.length == 0 ? null : bindAddrs[i % bindAddrs.length], latency[i % latency.length], i);
            Runnable task = selectors.length > 0 ? streams[i]::runSelected : streams[i];
            threads[i] = platform ? Thread.ofPlatform().daemon().stackSize(256 * 1024).start(task)
                    : Thread.ofVirtual().start(task);
        }
        long rampEnd = System.nanoTime();
        sleepUntil(rampEnd + (long) (warmup * 1e9));
        long cpu0 = cpuNanos(), w0 = System.nanoTime();
        measuring = true;
        sleepUntil(rampEnd + (long) (duration * 1e9));
        measuring = false;
        long w1 = System.nanoTime(), cpu1 = cpuNanos();
        stopping = true;
        for (Stream s : streams) s.close();
        long joinDeadline = System.nanoTime() + 10_000_000_000L;
        for (Thread t : threads) t.join(Duration.ofNanos(Math.max(1, joinDeadline - System.nanoTime())));

        long events = 0, lost = 0, dup = 0, silent = 0, winEvents = 0, winBytes = 0, winReads = 0, latSum = 0;
        for (Stream s : streams) {
            events += s.events;
            lost += s.lost;
            dup += s.dup;
            if (s.ok && s.events == 0) silent++;
            winEvents += s.winEvents;
            winBytes += s.winBytes;
            winReads += s.winReads;
            latSum += s.latSum;
        }
        Histo lat = Histo.merge(latency);
        long[] perStream = Arrays.stream(streams).filter(s -> s.ok).mapToLong(s -> s.winEvents).sorted().toArray();
        double win = (w1 - w0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", label);
        r.put("url", url.toString());
        r.put("conns", conns);
        r.put("ramp_s", round(rampEnd - t0, 1e9));
        r.put("window_s", round(w1 - w0, 1e9));
        r.put("connected", connected.get());
        r.put("failed", failed.get());
        r.put("pending", conns - connected.get() - failed.get()); // no response head by the end of the run
        r.put("peer_closed", peerClosed.get());
        r.put("errors", new TreeMap<>(errors));
        var first = new LinkedHashMap<String, Object>();
        first.put("p50", ttfe.pct(0.50) / 1e3);
        first.put("p99", ttfe.pct(0.99) / 1e3);
        first.put("max", ttfe.max() / 1e3);
        r.put("ttfe_ms", first);
        r.put("events_total", events);
        r.put("events_window", winEvents);
        r.put("events_per_s", Math.round(winEvents / win));
        r.put("bytes_per_s", Math.round(winBytes / win));
        r.put("bytes_per_read", winReads == 0 ? 0 : winBytes / winReads); // large = writes were coalesced before us
        var latMs = new LinkedHashMap<String, Object>();
        latMs.put("p50", lat.pct(0.50) / 1e3);
        latMs.put("p90", lat.pct(0.90) / 1e3);
        latMs.put("p99", lat.pct(0.99) / 1e3);
        latMs.put("max", lat.max() / 1e3);
        latMs.put("mean", lat.count() == 0 ? 0 : Math.round(latSum / (double) lat.count()) / 1e3);
        r.put("lat_ms", latMs);
        r.put("lost", lost);
        r.put("dup", dup);
        r.put("streams_without_events", silent);
        // fairness: events per stream in the window, lowest and highest
        r.put("stream_events_min", perStream.length == 0 ? 0 : perStream[0]);
        r.put("stream_events_max", perStream.length == 0 ? 0 : perStream[perStream.length - 1]);
        r.put("heartbeats", heartbeats.sum());
        r.put("client_cpu_s", round(cpu1 - cpu0, 1e9));
        r.put("client_cpu_total_s", round(cpuNanos(), 1e9));

        System.out.printf(Locale.ROOT, "%s: %d/%d connected, %d failed, %d never answered, %d closed by peer; ttfe p50 %.1f ms p99 %.1f ms%n",
                url, connected.get(), conns, failed.get(), conns - connected.get() - failed.get(), peerClosed.get(),
                ttfe.pct(0.5) / 1e3, ttfe.pct(0.99) / 1e3);
        System.out.printf(Locale.ROOT, "window %.1f s: %,d events/s, %.2f MB/s; latency ms p50 %.3f p90 %.3f p99 %.3f max %.3f%n",
                win, Math.round(winEvents / win), winBytes / win / 1e6,
                lat.pct(0.5) / 1e3, lat.pct(0.9) / 1e3, lat.pct(0.99) / 1e3, lat.max() / 1e3);
        System.out.printf(Locale.ROOT, "events %,d total, lost %d, dup %d, streams without events %d, errors %s, client cpu %.2f s in window%n",
                events, lost, dup, silent, r.get("errors"), (cpu1 - cpu0) / 1e9);
        System.out.println(json(r));
        System.out.flush();
        System.exit(0);
    }

    /** One SSE stream: connect, send the request, decode (chunked) HTTP and SSE by hand. */
    static final class Stream implements Runnable {
        final String bind;
        final Histo latency;
        volatile Socket sock;
        boolean ok, ended;
        long tStart, lastYield, events, lost, dup, lastId = -1;
        long winEvents, winBytes, winReads, latSum; // plain fields, summed after the run (progress reads them racily)
        // chunked decoding state
        boolean chunked;
        int cstate; // 0 = size line, 1 = data, 2 = CRLF after data
        long chunkLeft, sizeAcc;
        boolean sizeExt;
        // SSE line state: only the first bytes of each line are kept, so huge data lines cost nothing
        final byte[] pre = new byte[48];
        int preLen, lineLen;
        long evId = -1, evTs = -1;
        boolean evData;

        volatile SocketChannel channel;  // with --selectors
        final int index;

        Stream(String bind, Histo latency, int index) { this.bind = bind; this.latency = latency; this.index = index; }

        void close() {
            Socket s = sock;
            if (s != null) try { s.close(); } catch (IOException ignored) { }
            SocketChannel c = channel;
            if (c != null) try { c.close(); } catch (IOException ignored) { }
        }

        /** With --selectors: connects, reads the head on this thread, then hands the channel to a selector loop. */
        void runSelected() {
            tStart = System.nanoTime();
            boolean handedOver = false;
            try {
                SocketChannel c = SocketChannel.open();
                channel = c;
                if (stopping) { c.close(); return; }
                if (bind != null) c.bind(new InetSocketAddress(bind, 0));
                c.socket().connect(target, connectTimeoutMs);
                c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                c.write(ByteBuffer.wrap(request));
                byte[] buf = new byte[65536];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                int headEnd = -1;
                while (headEnd < 0) {
                    if (c.read(bb) < 0) throw new EOFException("EOF before response head");
                    headEnd = indexOfCrlfCrlf(buf, bb.position());
                    if (headEnd < 0 && !bb.hasRemaining()) throw new IOException("response head too large");
                }
                int n = bb.position();
                long rx = nowMicros();
                String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
                String status = head.length() >= 12 ? head.substring(9, 12) : "???";
                if (!status.equals("200")) {
                    if (!stopping) { failed.incrementAndGet(); error("http_" + status); }
                    c.close();
                    return;
                }
                ok = true;
                connected.incrementAndGet();
                open.incrementAndGet();
                chunked = head.toLowerCase(Locale.ROOT).matches("(?s).*\r\ntransfer-encoding:[^\r]*chunked.*");
                if (measuring) winBytes += n;
                feed(buf, headEnd + 4, n - headEnd - 4, rx);
                if (ended) { endSelected(null, null); return; }
                handedOver = true;
                selectors[index % selectors.length].add(this);
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    failed.incrementAndGet();
                    error("connect " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            } finally {
                if (!handedOver && channel != null && !ok) try { channel.close(); } catch (IOException ignored) { }
            }
        }

        /** A selected stream ended (the peer closed, the body ended, or a read failed). */
        void endSelected(SelectionKey key, Exception e) {
            if (key != null) key.cancel();
            try { channel.close(); } catch (IOException ignored) { }
            if (!stopping) {
                peerClosed.incrementAndGet();
                if (e != null) error("read " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            open.decrementAndGet();
        }

        public void run() {
            tStart = System.nanoTime();
            Socket s = new Socket();
            sock = s;
            try (s) {
                if (stopping) return;
                if (bind != null) s.bind(new InetSocketAddress(bind, 0));
                s.connect(target, connectTimeoutMs);
                s.setTcpNoDelay(true);
                s.getOutputStream().write(request);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[65536];
                int n = 0, headEnd = -1;
                while (headEnd < 0) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) throw new EOFException("EOF before response head");
                    n += r;
                    headEnd = indexOfCrlfCrlf(buf, n);
                    if (headEnd < 0 && n == buf.length) throw new IOException("response head too large");
                }
                long rx = nowMicros();
                String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
                String status = head.length() >= 12 ? head.substring(9, 12) : "???";
                if (!status.equals("200")) {
                    if (!stopping) { failed.incrementAndGet(); error("http_" + status); }
                    return;
                }
                ok = true;
                connected.incrementAndGet();
                open.incrementAndGet();
                chunked = head.toLowerCase(Locale.ROOT).matches("(?s).*\r\ntransfer-encoding:[^\r]*chunked.*");
                if (measuring) winBytes += n;
                feed(buf, headEnd + 4, n - headEnd - 4, rx);
                while (!ended) {
                    int r = in.read(buf);
                    if (r < 0) break;
                    rx = nowMicros();
                    if (measuring) { winBytes += r; winReads++; }
                    feed(buf, 0, r, rx);
                    long now = System.nanoTime();
                    if (now - lastYield > 2_000_000) { letOthersRun(); lastYield = now; }
                }
                if (!stopping) peerClosed.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    if (ok) peerClosed.incrementAndGet(); else failed.incrementAndGet();
                    error((ok ? "read " : "connect ") + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            } finally {
                if (ok) open.decrementAndGet();
            }
        }

        void feed(byte[] b, int off, int len, long rx) throws IOException {
            if (!chunked) { sse(b, off, len, rx); return; }
            int i = off, end = off + len;
            while (i < end && !ended) {
                if (cstate == 1) {
                    int take = (int) Math.min(chunkLeft, end - i);
                    sse(b, i, take, rx);
                    i += take;
                    if ((chunkLeft -= take) == 0) cstate = 2;
                    continue;
                }
                byte c = b[i++];
                if (cstate == 2) { if (c == '\n') cstate = 0; continue; }
                if (c == '\n') {                      // end of the chunk-size line
                    if (sizeAcc == 0) { ended = true; return; }
                    chunkLeft = sizeAcc;
                    sizeAcc = 0;
                    sizeExt = false;
                    cstate = 1;
                } else if (c == ';') sizeExt = true;
                else if (c != '\r' && !sizeExt) {
                    int d = Character.digit(c, 16);
                    if (d < 0) throw new IOException("bad chunk size");
                    sizeAcc = sizeAcc * 16 + d;
                }
            }
        }

        void sse(byte[] b, int off, int len, long rx) {
            int i = off, end = off + len;
            while (i < end) {
                int nl = i;
                while (nl < end && b[nl] != '\n') nl++;
                int k = Math.min(nl - i, pre.length - preLen);
                System.arraycopy(b, i, pre, preLen, k);
                preLen += k;
                lineLen += nl - i;
                if (nl == end) return;        // line continues in the next read
                line(rx);
                preLen = 0;
                lineLen = 0;
                i = nl + 1;
            }
        }

        void line(long rx) {
            int l = preLen;
            if (l == lineLen && l > 0 && pre[l - 1] == '\r') l--;
            if (l == 0) { dispatch(rx); return; }
            if (pre[0] == ':') heartbeats.increment();
            else if (startsWith("id:")) evId = number(3, l);
            else if (startsWith("data:")) {
                if (!evData) evTs = number(5, l);
                evData = true;
            }
        }

        void dispatch(long rx) {
            if (!evData && evId < 0) return;
            if (events++ == 0) ttfe.record((System.nanoTime() - tStart) / 1000);
            if (evId >= 0) {
                long expected = lastId >= 0 ? lastId + 1
                        : lastEventIdArg >= 0 ? lastEventIdArg + 1 : joinLive ? evId : 1;
                if (evId > expected) lost += evId - expected;
                else if (evId < expected) dup++;
                lastId = Math.max(lastId, evId);
            }
            if (measuring) {
                winEvents++;
                if (evTs > 0) {
                    long l = Math.max(0, rx - evTs);
                    latency.record(l);
                    latSum += l;
                }
            }
            evId = evTs = -1;
            evData = false;
        }

        boolean startsWith(String p) {
            if (preLen < p.length()) return false;
            for (int i = 0; i < p.length(); i++) if (pre[i] != p.charAt(i)) return false;
            return true;
        }

        long number(int from, int to) {
            if (from < to && pre[from] == ' ') from++;
            long v = 0;
            int i = from;
            for (; i < to && pre[i] >= '0' && pre[i] <= '9'; i++) v = v * 10 + (pre[i] - '0');
            return i == from ? -1 : v;
        }
    }

    /** Log-linear histogram of non-negative longs (here microseconds): exact below 128, else 64 buckets per power of two (<1.6% error). */
    static final class Histo {
        final AtomicLongArray counts = new AtomicLongArray(64 * 64 + 128);
        final LongAccumulator max = new LongAccumulator(Math::max, 0); // no write unless the max grows

        void record(long v) {
            int idx;
            if (v < 128) idx = (int) v;
            else {
                int shift = 63 - Long.numberOfLeadingZeros(v) - 6;
                idx = shift * 64 + (int) (v >>> shift);
            }
            counts.incrementAndGet(idx);
            max.accumulate(v);
        }

        static Histo merge(Histo[] hs) {
            Histo m = new Histo();
            for (Histo h : hs) {
                for (int i = 0; i < h.counts.length(); i++) m.counts.addAndGet(i, h.counts.get(i));
                m.max.accumulate(h.max.get());
            }
            return m;
        }

        long count() {
            long n = 0;
            for (int i = 0; i < counts.length(); i++) n += counts.get(i);
            return n;
        }

        long max() { return max.get(); }

        /** Value at quantile q: the middle of the bucket holding that rank. */
        long pct(double q) {
            long all = count(), rank = Math.max(1, (long) Math.ceil(q * all)), seen = 0;
            if (all == 0) return 0;
            for (int i = 0; i < counts.length(); i++) {
                seen += counts.get(i);
                if (seen >= rank) {
                    if (i < 128) return i;
                    int shift = i / 64 - 1;
                    long low = (long) (i - shift * 64) << shift;
                    return Math.min(max.get(), low + ((1L << shift) - 1) / 2);
                }
            }
            return max.get();
        }
    }

    static void progress(long t0) {
        long prev = 0;
        while (true) {
            sleepMs(5000);
            long ev = 0; // counts only inside the window; before it this line shows connection progress
            for (Stream s : streams) if (s != null) ev += s.winEvents;
            System.err.printf(Locale.ROOT, "[%4.0fs] connected %d failed %d open %d window events/s %d%n",
                    (System.nanoTime() - t0) / 1e9, connected.get(), failed.get(), open.get(), (ev - prev) / 5);
            prev = ev;
        }
    }

    /**
     * Fairness. Virtual threads are not time-sliced, and a stream whose socket always has data never parks.
     * Thread.yield() is not enough: it requeues on the carrier's local queue, and a carrier drains its local
     * queue before it looks at the shared one, where threads started by main, woken by timers or (in the
     * default poller mode) the I/O pollers themselves wait; under full load those starved for seconds and
     * streams never connected. So busy streams park for 1 ns every ~2 ms, which brings them back through the
     * shared queue, and pollerMode=1 makes the pollers platform threads.
     */
    static void letOthersRun() {
        if (Thread.currentThread().isVirtual()) LockSupport.parkNanos(1);
    }

    static void error(String key) {
        if (key.length() > 90) key = key.substring(0, 90);
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    static int indexOfCrlfCrlf(byte[] b, int n) {
        for (int i = 0; i + 3 < n; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        }
        return -1;
    }

    static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    static double round(long v, double div) { return Math.round(v / div * 1000) / 1000.0; }

    static void sleepMs(long ms) {
        try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    static void sleepUntil(long nanoTime) {
        long d = nanoTime - System.nanoTime();
        try {
            if (d > 0) Thread.sleep(Duration.ofNanos(d));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String json(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (var e : m.entrySet()) {
                if (sb.length() > 1) sb.append(',');
                sb.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            return sb.append('"').toString();
        }
        if (o instanceof LongAdder a) return Long.toString(a.sum());
        return String.valueOf(o);
    }
}
