package io.ssegateway.plugin.transform.filter;

import io.ssegateway.spi.transform.SseEvent;

import java.util.Set;

/**
 * Keeps only, or drops, events of the listed types. The type is the one a client dispatches, so {@code message}
 * also names events without an {@code event} field.
 *
 * @param types  the listed types
 * @param action what happens to an event of a listed type; events of other types get the opposite
 */
record TypeTest(Set<String> types, Action action) implements EventTest {
    /** Copies the types. */
    TypeTest {
        types = Set.copyOf(types);
    }

    @Override
    public boolean passes(SseEvent event) {
        return types.contains(event.effectiveType()) == (action == Action.KEEP);
    }
}
