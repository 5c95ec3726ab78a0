package io.ssegateway.gateway.warmup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(60)
class WarmupTest {
    @Test
    void everyWarmupStreamIsRelayedToItsEndThroughBothRoutes() {
        assertEquals(12, Warmup.run(12));
    }

    @Test
    void aSecondWarmupWorksAsWellSinceNothingOfTheFirstStays() {
        assertEquals(4, Warmup.run(4));
        assertEquals(4, Warmup.run(4));
    }
}
