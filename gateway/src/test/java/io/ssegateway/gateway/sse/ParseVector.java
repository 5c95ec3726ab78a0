package io.ssegateway.gateway.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One case of the shared parse vectors (test resource {@code sse/parse.json}).
 *
 * @param name   what the case shows
 * @param input  the stream, as UTF-8 bytes
 * @param events what a client dispatches
 * @param retry  the last valid retry value, or null
 */
record ParseVector(String name, byte[] input, List<Dispatched> events, Long retry) {
    /** One dispatched event as a client sees it. */
    record Dispatched(String type, String data, String lastEventId) {
        /** The view of a parsed block a client gets. */
        static Dispatched of(ParsedEvent e) {
            return new Dispatched(e.event().effectiveType(), e.event().data(), e.lastEventId());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** All cases of the vector file. */
    @SuppressWarnings("unchecked")
    static List<ParseVector> all() {
        try (InputStream in = ParseVector.class.getResourceAsStream("/sse/parse.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource sse/parse.json is missing");
            }
            var root = (Map<String, Object>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((List<Object>) root.get("cases")).stream().map(o -> {
                var c = (Map<String, Object>) o;
                List<Dispatched> events = ((List<Object>) c.get("events")).stream().map(e -> {
                    var m = (Map<String, Object>) e;
                    return new Dispatched((String) m.get("type"), (String) m.get("data"),
                                          (String) m.get("lastEventId"));
                }).toList();
                return new ParseVector((String) c.get("name"),
                                       ((String) c.get("input")).getBytes(StandardCharsets.UTF_8),
                                       events, (Long) c.get("retry"));
            }).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sse/parse.json", e);
        }
    }
}
