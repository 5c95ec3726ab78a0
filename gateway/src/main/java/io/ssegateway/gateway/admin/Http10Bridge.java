package io.ssegateway.gateway.admin;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.ssegateway.gateway.edge.ErrorAnswers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Answers HTTP/1.0 requests on the admin listener, as HTTP/1.1 servers do: Helidon 4 only accepts HTTP/1.1
 * request lines and closes the connection of any other without a word, and HAProxy's {@code option httpchk} and
 * many older health checkers speak HTTP/1.0. A connection whose request line ends in {@code HTTP/1.0} is read up to
 * the end of its head and the request is passed on as HTTP/1.1 to the admin listener itself over loopback, so
 * every admin path answers exactly as it does for HTTP/1.1; the answer goes back with {@code Connection: close},
 * its body without chunked encoding (ended by the close when its length is not known) and the connection is
 * closed.
 */
final class Http10Bridge implements ServerConnectionSelector {
    private static final byte[] PROTOCOL = " HTTP/1.0\r".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 8192;
    private static final Set<String> NOT_PASSED_BACK = Set.of("connection", "keep-alive", "transfer-encoding",
                                                              "proxy-connection", "upgrade");
    private static final Set<String> PASSED_ON = Set.of("accept", "accept-encoding", "user-agent");

    private final String host;
    private final IntSupplier port;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * A bridge to the admin listener.
     *
     * @param host the host the admin listener binds to (a wildcard address is reached over loopback)
     * @param port its port, once it listens
     */
    Http10Bridge(String host, IntSupplier port) {
        this.host = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        this.port = port;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        int lf = data.indexOf((byte) '\n');
        if (lf == -1) {
            return Support.UNKNOWN;
        }
        byte[] line = new byte[lf];
        data.read(line);
        return endsWith(line, PROTOCOL) ? Support.SUPPORTED : Support.UNSUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Connection(ctx);
    }

    /** Stops the client used to reach the admin listener. */
    void close() {
        client.close();
    }

    private static boolean endsWith(byte[] line, byte[] suffix) {
        if (line.length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (line[line.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    /** One HTTP/1.0 connection: one request, one answer, then the close. */
    private final class Connection implements ServerConnection {
        private final ConnectionContext ctx;
        private final long opened = System.nanoTime();
        private volatile boolean answering;

        Connection(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) {
            List<String> head;
            try {
                head = readHead(ctx.dataReader());
            } catch (DataReader.InsufficientDataAvailableException e) {
                return; // the client went away
            }
            if (head == null) {
                answer(Status.create(431), "header_too_large",
                       "the request head is larger than " + MAX_HEAD + " bytes");
                return;
            }
            String[] requestLine = head.getFirst().split(" ");
            if (requestLine.length != 3 || !requestLine[0].matches("[A-Z]{1,16}")
                    || !requestLine[1].startsWith("/") || !requestLine[1].matches("[\\x21-\\x7e]+")) {
                answer(Status.BAD_REQUEST_400, "bad_request", "not a valid HTTP/1.0 request line");
                return;
            }
            relay(requestLine[0], requestLine[1], head.subList(1, head.size()));
        }

        private void relay(String method, String target, List<String> headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://" + host + ":" + port.getAsInt() + target))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            for (String line : headers) {
                int colon = line.indexOf(':');
                if (colon > 0 && PASSED_ON.contains(line.substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
                    request.header(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException | IllegalArgumentException e) {
                answer(Status.BAD_GATEWAY_502, "admin_unreachable", "the admin listener did not answer: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            StringBuilder answer = statusLine(response.statusCode());
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                if (!NOT_PASSED_BACK.contains(header.getKey().toLowerCase(Locale.ROOT))
                        && !header.getKey().startsWith(":")) {
                    header.getValue().forEach(v -> answer.append(header.getKey()).append(": ").append(v)
                            .append("\r\n"));
                }
            }
            answer.append("Connection: close\r\n\r\n");
            answering = true; // a dashboard stream may go on: not idle
            try (InputStream body = response.body()) {
                ctx.dataWriter().writeNow(BufferData.create(answer.toString().getBytes(StandardCharsets.UTF_8)));
                byte[] buffer = new byte[8192];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    ctx.dataWriter().writeNow(BufferData.create(buffer, 0, n));
                }
            } catch (IOException | RuntimeException e) {
                // the client or the admin listener went away; the close below ends the answer either way
            }
        }

        private void answer(Status status, String error, String message) {
            byte[] body = ErrorAnswers.jsonBody(error, message, null);
            String head = statusLine(status.code()) + "Content-Type: application/json\r\nCache-Control: no-store\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            try {
                ctx.dataWriter().writeNow(BufferData.create(head.getBytes(StandardCharsets.US_ASCII)));
                ctx.dataWriter().writeNow(BufferData.create(body));
            } catch (RuntimeException e) {
                // the client went away
            }
        }

        /** The request head's lines up to the empty line; null when it is larger than {@link #MAX_HEAD}. */
        private static List<String> readHead(DataReader reader) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            List<String> lines = new ArrayList<>();
            int total = 0;
            while (total++ < MAX_HEAD) {
                byte b = reader.read();
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                    if (text.isEmpty()) {
                        return lines;
                    }
                    lines.add(text);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            return null;
        }

        private static StringBuilder statusLine(int code) {
            return new StringBuilder("HTTP/1.1 ").append(code).append(' ')
                    .append(Status.create(code).reasonPhrase()).append("\r\n");
        }

        @Override
        public Duration idleTime() {
            return answering ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - opened);
        }

        @Override
        public void close(boolean interrupt) {
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                // closed already
            }
        }
    }
}
