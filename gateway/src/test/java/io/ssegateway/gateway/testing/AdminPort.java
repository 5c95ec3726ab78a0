package io.ssegateway.gateway.testing;

import io.ssegateway.gateway.Gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What tests read from a started gateway's admin listener (a page answered 200, its metrics, a dashboard snapshot),
 * and meters in the Prometheus text it serves. Each call uses an HTTP client of its own and closes it, so no
 * keep-alive connection outlives the call (a gateway's stop would wait for it).
 */
public final class AdminPort {
    private AdminPort() {
    }

    /** GETs {@code path} on the admin port; asserts the answer is 200 and returns its body. */
    public static String get(Gateway gateway, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(admin(gateway, path)).build(),
                                                         HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return response.body();
        }
    }

    /** The Prometheus text of {@code /observe/metrics}; unchecked, for conditions polled by {@link Await}. */
    public static String metrics(Gateway gateway) {
        try {
            return get(gateway, "/observe/metrics");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a meter in Prometheus text (its first line, tagged or not); fails when there is none. */
    public static double meter(String text, String name) {
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(AdminPort::value)
                .findFirst().orElseThrow(() -> new AssertionError("no meter " + name + " in " + text));
    }

    /** The value of a meter tagged {@code tag="value"} in Prometheus text; fails when there is none. */
    public static double meter(String text, String name, String tag, String value) {
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains(tag + "=\"" + value + "\""))
                .map(AdminPort::value)
                .findFirst().orElseThrow(() -> new AssertionError("no meter " + name + " in " + text));
    }

    /**
     * Asserts that a snapshot of the admin port's dashboard feed (one a second) contains {@code expected}: one of the
     * first five does.
     */
    public static void assertDashboardShows(Gateway gateway, String expected) throws IOException,
                                                                                    InterruptedException {
        String snapshot = dashboardSnapshot(gateway, expected);
        assertTrue(snapshot.contains(expected), snapshot);
    }

    /** The first snapshot of the admin port's dashboard feed that contains {@code expected}, or the fifth one. */
    private static String dashboardSnapshot(Gateway gateway, String expected) throws IOException,
                                                                                     InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<Stream<String>> response = client.send(
                    HttpRequest.newBuilder(admin(gateway, "/admin/stream")).header("Accept", "text/event-stream")
                            .build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                Iterator<String> data = lines.filter(line -> line.startsWith("data: ")).iterator();
                String snapshot = "";
                for (int k = 0; k < 5 && data.hasNext() && !snapshot.contains(expected); k++) {
                    snapshot = data.next();
                }
                return snapshot;
            }
        }
    }

    private static URI admin(Gateway gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.adminPort().orElseThrow() + path);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
