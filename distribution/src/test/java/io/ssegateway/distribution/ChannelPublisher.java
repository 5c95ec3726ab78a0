package io.ssegateway.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A publisher into a channel of the fleet: one POST per event through the fleet's front (HAProxy), numbered as the
 * {@link NumberedOrigin} numbers its events (id {@code n}, data {@code {"n":n}}), so that it can be hooked to
 * {@link NumberedOrigin#onPublish} and its events go out in order, each before the next. An answer other than 202
 * (a draining gateway answers 503, an exiting one may close the connection) is posted again after 100 ms, for at
 * most 60 s, and counted. It never throws: the origin's ticker, which calls it, would stop.
 */
final class ChannelPublisher {
    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private static final Duration PAUSE = Duration.ofMillis(100);
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    // under this object's monitor
    private int accepted;
    private int reposted;
    private final Map<String, Integer> notAccepted = new TreeMap<>();
    private final StringBuilder failures = new StringBuilder();

    ChannelPublisher(InetSocketAddress front, String path) {
        this.uri = URI.create("http://" + front.getHostString() + ":" + front.getPort() + path);
    }

    /** Posts event {@code id} until it is accepted (202), or gives up after 60 s and notes it. */
    synchronized void publish(int id) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"data\":{\"n\":" + id + "}}"))
                .build();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            String outcome;
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 202) {
                    accepted++;
                    return;
                }
                Matcher error = ERROR.matcher(answer.body());
                outcome = answer.statusCode() + (error.find() ? " " + error.group(1) : "");
            } catch (IOException e) {
                outcome = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.append("event ").append(id).append(": interrupted\n");
                return;
            }
            notAccepted.merge(outcome, 1, Integer::sum);
            if (System.nanoTime() - deadline > 0) {
                failures.append("event ").append(id).append(": still not accepted after ").append(GIVE_UP)
                        .append(", the last answer ").append(outcome).append('\n');
                return;
            }
            reposted++;
            LockSupport.parkNanos(PAUSE.toNanos()); // a publisher's pause before it posts again, not a wait on state
        }
    }

    /** The events it gave up on, one line each; empty when every event was accepted. */
    synchronized String failures() {
        return failures.toString();
    }

    /** Events accepted, posts repeated, and the answers that were not 202 by kind. */
    synchronized String summary() {
        return accepted + " events accepted, " + reposted + " posted again (answers other than 202: "
               + (notAccepted.isEmpty() ? "none" : notAccepted) + ")";
    }
}
