package io.ssegateway.plugin.testkit;

import java.util.List;

import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

/**
 * Checks of what an {@link EventTransform} gives for one event on a {@link FakeStream#simple()} stream: that it
 * changes only the event's data, or that it passes the event on as the same instance (no copy). Each fails with an
 * {@link AssertionError} saying what it got.
 */
public final class TransformChecks {
    private TransformChecks() {
    }

    /**
     * Applies {@code transform} to an event with id {@code 7}, type {@code type}, this {@code data}, retry 3000 and
     * a comment, and fails unless it gives exactly one event, the same but for its data, which is {@code expected}.
     *
     * @param transform the transform under test
     * @param type      the event's type
     * @param data      the event's data
     * @param expected  the data the transformed event must have
     * @throws Exception what the transform throws
     */
    public static void assertOnlyDataBecomes(EventTransform transform, String type, String data, String expected)
            throws Exception {
        List<SseEvent> out = transform.apply(new SseEvent("7", type, data, 3000L, List.of("note")),
                                             FakeStream.simple());
        List<SseEvent> wanted = List.of(new SseEvent("7", type, expected, 3000L, List.of("note")));
        if (!wanted.equals(out)) {
            throw new AssertionError("expected " + wanted + " but got " + out);
        }
    }

    /**
     * Applies {@code transform} to {@code event} and fails unless it gives exactly that event, as the same instance.
     *
     * @param transform the transform under test
     * @param event     the event, which must pass untouched
     * @throws Exception what the transform throws
     */
    public static void assertPassesAsTheSameInstance(EventTransform transform, SseEvent event) throws Exception {
        List<SseEvent> out = transform.apply(event, FakeStream.simple());
        if (out.size() != 1 || out.getFirst() != event) {
            throw new AssertionError("expected " + event + " itself, alone, but got " + out);
        }
    }
}
