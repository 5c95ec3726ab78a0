package io.ssegateway.gateway.channel;

import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The events a publish request's body holds, all checked before any is published: a JSON object
 * {@code {"event": "...", "data": ..., "id": "..."}}, a JSON array of such objects, or a {@code text/event-stream}
 * body of one or more events. JSON {@code data} that is a string is the event's data as it is; any other JSON value
 * is written as compact JSON on one line. An event type or id with CR or LF, an id with NUL, an unknown member, a
 * body that is not UTF-8 or not JSON: refused with the problem named, and nothing published.
 */
public final class PublishedEvents {
    /** The members a JSON event may have. */
    static final Set<String> MEMBERS = Set.of("event", "data", "id");

    /** The body does not hold events that can be published; {@link #getMessage()} names the problem. */
    public static final class BadBodyException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String error;

        BadBodyException(String error, String message) {
            super(message);
            this.error = error;
        }

        /** The error code of the JSON answer, such as {@code malformed_json}. */
        public String error() {
            return error;
        }
    }

    /** What kind of body a {@code Content-Type} announces. */
    public enum Kind {
        /** {@code application/json} (or any {@code +json} type). */
        JSON,
        /** {@code text/event-stream}. */
        EVENT_STREAM,
        /** Anything else: refused with 415. */
        UNSUPPORTED
    }

    private PublishedEvents() {
    }

    /** The kind of body a {@code Content-Type} value (or none) announces; none is taken as JSON. */
    public static Kind kind(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Kind.JSON;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return Kind.JSON;
        }
        if (type.equals("text/event-stream")) {
            return Kind.EVENT_STREAM;
        }
        return Kind.UNSUPPORTED;
    }

    /**
     * The events of a body, in order, ids empty where the publisher set none.
     *
     * @throws BadBodyException naming the first problem
     */
    public static List<ChannelEvent> parse(Kind kind, byte[] body) throws BadBodyException {
        String text = utf8(body);
        List<ChannelEvent> events = kind == Kind.EVENT_STREAM ? eventStream(body) : json(text);
        if (events.isEmpty()) {
            throw new BadBodyException("no_events", "the body holds no event");
        }
        return events;
    }

    private static List<ChannelEvent> json(String text) throws BadBodyException {
        Object value;
        try {
            value = Json.parse(text);
        } catch (Json.MalformedException e) {
            throw new BadBodyException("malformed_json", "the body is not valid JSON: " + e.getMessage());
        }
        List<ChannelEvent> events = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                events.add(event(list.get(i), "[" + i + "]"));
            }
        } else {
            events.add(event(value, ""));
        }
        return events;
    }

    private static ChannelEvent event(Object value, String where) throws BadBodyException {
        String at = where.isEmpty() ? "the event" : "event " + where;
        if (!(value instanceof Map<?, ?> map)) {
            throw new BadBodyException("bad_event", at + " must be a JSON object {\"event\": ..., \"data\": ...,"
                                                    + " \"id\": ...}");
        }
        for (Object name : map.keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new BadBodyException("bad_event", at + " has an unknown member \"" + name
                                                        + "\" (expected event, data, id)");
            }
        }
        if (!map.containsKey("data")) {
            throw new BadBodyException("bad_event", at + " has no \"data\"");
        }
        Object data = map.get("data");
        String dataText = data instanceof String s ? s : Json.write(data);
        String type = text(map.get("event"), at, "event");
        String id = text(map.get("id"), at, "id");
        return checked(new ChannelEvent(id, type, dataText), at);
    }

    private static String text(Object value, String at, String member) throws BadBodyException {
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new BadBodyException("bad_event", at + ": \"" + member + "\" must be a string");
        }
        return s;
    }

    private static ChannelEvent checked(ChannelEvent event, String at) throws BadBodyException {
        if (lineBreak(event.event())) {
            throw new BadBodyException("bad_event", at + ": the event type has a CR or LF");
        }
        if (lineBreak(event.id())) {
            throw new BadBodyException("bad_event", at + ": the id has a CR or LF");
        }
        if (event.id().indexOf('\0') >= 0) {
            throw new BadBodyException("bad_event", at + ": the id has a NUL (clients ignore such ids)");
        }
        return event;
    }

    private static List<ChannelEvent> eventStream(byte[] body) throws BadBodyException {
        List<SseEvent> parsed = new ArrayList<>();
        SseParser parser = new SseParser(body.length + 16L, block -> {
            if (block.dispatches()) {
                parsed.add(block.event());
            }
        });
        try {
            parser.feed(body);
            if (parser.midBlock()) {
                parser.feed(new byte[] {'\n', '\n'}); // the last event needs no blank line after it
            }
            parser.end();
        } catch (IOException e) {
            throw new BadBodyException("bad_event", "the body is not a valid event stream: " + e.getMessage());
        }
        List<ChannelEvent> events = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            SseEvent e = parsed.get(i);
            events.add(checked(new ChannelEvent(e.id() == null ? "" : e.id(), e.type() == null ? "" : e.type(),
                                                e.data()), "event [" + i + "]"));
        }
        return events;
    }

    private static String utf8(byte[] body) throws BadBodyException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadBodyException("bad_encoding", "the body is not valid UTF-8");
        }
    }

    private static boolean lineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }
}
