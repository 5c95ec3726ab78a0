package io.ssegateway.gateway.share;

import io.ssegateway.gateway.config.ShareSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReplayBufferTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theEventsAfterAKeptIdComeBackInOrderAndAnUnknownOrEmptyIdFindsNothing() {
        ReplayBuffer buffer = new ReplayBuffer(new ShareSettings.Replay(10, Duration.ofMinutes(1), 1 << 20));
        for (int id = 1; id <= 5; id++) {
            buffer.add(event(String.valueOf(id), 0));
        }
        buffer.add(event(null, 0)); // a comment block carries no id
        assertEquals(List.of("4", "5", "none"), ids(buffer.after("3", 0)));
        assertEquals(List.of("none"), ids(buffer.after("5", 0)));
        assertNull(buffer.after("9", 0));
        assertNull(buffer.after("", 0));
    }

    @Test
    void eachBoundDropsTheOldestEvents() {
        ReplayBuffer byCount = new ReplayBuffer(new ShareSettings.Replay(3, Duration.ofMinutes(1), 1 << 20));
        ReplayBuffer byBytes = new ReplayBuffer(new ShareSettings.Replay(100, Duration.ofMinutes(1), 3 * 20));
        ReplayBuffer byAge = new ReplayBuffer(new ShareSettings.Replay(100, Duration.ofSeconds(3), 1 << 20));
        for (int id = 1; id <= 5; id++) {
            byCount.add(event(String.valueOf(id), 0));
            byBytes.add(event(String.valueOf(id), 0));
            byAge.add(event(String.valueOf(id), id * SECOND));
        }
        assertNull(byCount.after("1", 0));
        assertEquals(List.of("4", "5"), ids(byCount.after("3", 0)));
        assertEquals(3, byBytes.size());
        assertEquals(60, byBytes.bytes());
        assertNull(byAge.after("1", 5 * SECOND));
        assertEquals(List.of("3", "4", "5"), ids(byAge.after("2", 5 * SECOND)));
        assertNull(byAge.after("2", 6 * SECOND), "older than 3 s at 6 s");
    }

    @Test
    void noReplayKeepsNothingButKnowsTheNewestId() {
        ReplayBuffer none = new ReplayBuffer(new ShareSettings.Replay(0, Duration.ofMinutes(1), 1 << 20));
        none.add(event("1", 0));
        none.add(event("2", 0));
        assertNull(none.after("1", 0), "an older id cannot be served");
        assertEquals(List.of(), none.after("2", 0), "the newest id: nothing missed");
        none.add(new SharedEvent("data: x\n\n".getBytes(StandardCharsets.US_ASCII), null, "2", true, 0));
        assertNull(none.after("2", 0), "an event without id came after it and is not kept");
    }

    @Test
    void theIdTheUpstreamWasOpenedAfterServesEverythingWhileNothingWasDropped() {
        ReplayBuffer buffer = new ReplayBuffer(new ShareSettings.Replay(3, Duration.ofMinutes(1), 1 << 20));
        buffer.startAfter("7");
        assertEquals(List.of(), buffer.after("7", 0), "opened after 7, nothing came yet");
        SharedEvent e8 = event("8", 0);
        SharedEvent e9 = event("9", 0);
        buffer.add(e8);
        buffer.add(e9);
        assertEquals(List.of(e8, e9), buffer.after("7", 0));
        assertEquals(List.of(e9), buffer.after("8", 0));
        buffer.add(event("10", 0));
        buffer.add(event("11", 0)); // 8 dropped: what follows 7 is no longer whole
        assertNull(buffer.after("7", 0));
        assertNull(buffer.after("8", 0));
    }

    /** An event of 20 bytes. */
    private static SharedEvent event(String id, long at) {
        String text = String.format("%-18s\n\n", id == null ? ":" : "id: " + id);
        return new SharedEvent(text.getBytes(StandardCharsets.US_ASCII), id, id == null ? "" : id, id != null, at);
    }

    private static List<String> ids(List<SharedEvent> events) {
        return events.stream().map(e -> e.id() == null ? "none" : e.id()).toList();
    }
}
