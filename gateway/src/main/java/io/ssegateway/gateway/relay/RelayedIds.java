package io.ssegateway.gateway.relay;

import java.util.LinkedHashSet;

/**
 * The event ids a relay loop wrote to the client: the last one, sent as {@code Last-Event-ID} when the upstream is
 * resumed, and the most recent ones, so that events a resumed upstream sends again can be dropped. An empty id
 * (which resets the last event ID) names no event and is never seen again. Used by the loop's thread only.
 */
final class RelayedIds {
    private static final int RECENT = 256;

    private final LinkedHashSet<String> recent = new LinkedHashSet<>();
    private String last;

    /** Whether an event with this id was among the recent ones written; false for no id or an empty one. */
    boolean seen(String id) {
        return id != null && !id.isEmpty() && recent.contains(id);
    }

    /** Notes the id of an event just written to the client; null (no {@code id} field) changes nothing. */
    void written(String id) {
        if (id == null) {
            return;
        }
        last = id.isEmpty() ? null : id;
        if (!id.isEmpty() && recent.add(id) && recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    /** The last id written, or null when none was or the last one was empty. */
    String last() {
        return last;
    }
}
