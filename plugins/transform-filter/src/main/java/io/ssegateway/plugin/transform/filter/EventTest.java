package io.ssegateway.plugin.transform.filter;

import io.ssegateway.spi.transform.SseEvent;

/** One test of the filter; an event goes on only when it passes every test. */
interface EventTest {
    /** Whether the event may go on. */
    boolean passes(SseEvent event);
}
