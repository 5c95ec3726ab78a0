package io.ssegateway.plugin.testkit;

import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** TransformChecks passes what it should and fails, with an AssertionError, on anything else. */
@Timeout(10)
class TransformChecksTest {
    private static final EventTransform UPPER_CASE =
            (event, stream) -> List.of(event.withData(event.data().toUpperCase()));
    private static final EventTransform UPPER_CASE_LOSING_THE_ID = (event, stream) -> List.of(
            new SseEvent("", event.type(), event.data().toUpperCase(), event.retry(), event.comments()));
    private static final EventTransform IDENTITY = (event, stream) -> List.of(event);
    private static final EventTransform COPY = (event, stream) -> List.of(event.withData(event.data()));
    private static final EventTransform DOUBLE = (event, stream) -> List.of(event, event);

    @Test
    void onlyTheDataMayChange() throws Exception {
        TransformChecks.assertOnlyDataBecomes(UPPER_CASE, "t", "abc", "ABC");
        assertThrows(AssertionError.class,
                     () -> TransformChecks.assertOnlyDataBecomes(UPPER_CASE, "t", "abc", "abc"));
        assertThrows(AssertionError.class,
                     () -> TransformChecks.assertOnlyDataBecomes(UPPER_CASE_LOSING_THE_ID, "t", "abc", "ABC"));
    }

    @Test
    void theSameInstanceAloneMustPass() throws Exception {
        SseEvent event = SseEvent.of("x");
        TransformChecks.assertPassesAsTheSameInstance(IDENTITY, event);
        assertThrows(AssertionError.class, () -> TransformChecks.assertPassesAsTheSameInstance(COPY, event));
        assertThrows(AssertionError.class, () -> TransformChecks.assertPassesAsTheSameInstance(DOUBLE, event));
    }
}
