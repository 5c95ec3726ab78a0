package io.ssegateway.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A client's side of an event stream through the gateway: the request, and the events read from its body. */
final class SseStreams {
    private SseStreams() {
    }

    /** A request for {@code path} on the gateway at 127.0.0.1:{@code port}, accepting an event stream. */
    static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
    }

    /** Sends {@link #request} and returns the response, its body still to read. */
    static HttpResponse<InputStream> open(HttpClient client, int port, String path)
            throws IOException, InterruptedException {
        return client.send(request(port, path).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The lines of the next event (comment-only blocks skipped), read up to its blank line. */
    static List<String> nextEvent(InputStream body) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int previous = -1;
        int next;
        while ((next = body.read()) != -1) {
            if (next == '\n' && previous == '\n') {
                List<String> lines = block.toString(StandardCharsets.UTF_8).lines().toList();
                if (lines.stream().anyMatch(line -> !line.startsWith(":"))) {
                    return lines;
                }
                block.reset();
                previous = -1;
                continue;
            }
            block.write(next);
            previous = next;
        }
        throw new AssertionError("the stream ended before a whole event: " + block.toString(StandardCharsets.UTF_8));
    }

    /** The values of an event's data lines, without the field name and its one optional space. */
    static List<String> data(List<String> event) {
        return event.stream().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()))
                .map(value -> value.startsWith(" ") ? value.substring(1) : value)
                .toList();
    }
}
