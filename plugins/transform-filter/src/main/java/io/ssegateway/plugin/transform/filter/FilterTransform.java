package io.ssegateway.plugin.transform.filter;

import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.util.List;

/** Passes an event unchanged (the same instance) when it passes every test, and drops it otherwise. */
final class FilterTransform implements EventTransform {
    private final List<EventTest> tests;

    FilterTransform(List<EventTest> tests) {
        this.tests = List.copyOf(tests);
    }

    @Override
    public List<SseEvent> apply(SseEvent event, StreamInfo stream) {
        for (EventTest test : tests) {
            if (!test.passes(event)) {
                return List.of();
            }
        }
        return List.of(event);
    }
}
