package io.ssegateway.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssegateway.gateway.sse.ParsedEvent;

/**
 * One case of the shared parse vectors (test resource {@code sse/parse.json}, from /work/shared/sse-vectors).
 *
 * @param name   what the case shows
 * @param input  the stream, as UTF-8 bytes
 * @param events what a client dispatches
 * @param retry  the last valid retry value, or null
 */
public record ParseVector(String name, byte[] input, List<Dispatched> events, Long retry) {
    /** One dispatched event as a client sees it. */
    public record Dispatched(String type, String data, String lastEventId) {
        /** The view of a parsed block a client gets. */
        public static Dispatched of(ParsedEvent e) {
            return new Dispatched(e.event().effectiveType(), e.event().data(), e.lastEventId());
        }
    }

    /**
     * Where an origin cuts the input into writes.
     *
     * @param how  how it was cut, for test names and messages
     * @param cuts the offsets it is cut at, ascending
     */
    public record Split(String how, int[] cuts) {
    }

    @Override
    public String toString() {
        return name;
    }

    /** The input whole, byte by byte, and at up to four random offsets (seeded by the name, so a run repeats). */
    public List<Split> splits() {
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        int[] random = new Random(name.hashCode()).ints(Math.min(4, input.length), 1, Math.max(2, input.length))
                .sorted().distinct().filter(i -> i < input.length).toArray();
        return List.of(new Split("whole", new int[0]), new Split("byte by byte", everyByte),
                       new Split("random splits", random));
    }

    /** All cases of the vector file. */
    public static List<ParseVector> all() {
        try (InputStream in = ParseVector.class.getResourceAsStream("/sse/parse.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource sse/parse.json is missing");
            }
            List<ParseVector> vectors = new ArrayList<>();
            for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
                List<Dispatched> events = new ArrayList<>();
                for (JsonNode e : c.get("events")) {
                    events.add(new Dispatched(e.get("type").asText(), e.get("data").asText(),
                                              e.get("lastEventId").asText()));
                }
                vectors.add(new ParseVector(c.get("name").asText(),
                                            c.get("input").asText().getBytes(StandardCharsets.UTF_8), events,
                                            c.hasNonNull("retry") ? c.get("retry").asLong() : null));
            }
            return List.copyOf(vectors);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sse/parse.json", e);
        }
    }
}
