package io.ssegateway.plugin.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class FakeRequestTest {
    @Test
    void headerNamesAreCaseInsensitiveAndEachHeaderMayRepeat() {
        FakeRequest request = new FakeRequest().withHeader("X-Tenant", "a", "b");
        assertEquals(Optional.of("a"), request.header("x-tenant"));
        assertEquals(List.of("a", "b"), request.headers("X-TENANT"));
        assertEquals(List.of(), request.headers("X-Other"));
    }

    @Test
    void eachWithGivesACopyAndLeavesTheOriginalAlone() {
        FakeRequest plain = FakeRequest.from("192.0.2.10");
        FakeRequest full = plain.withQueryParam("channel", "c1").withQueryParam("v", "2").withCookie("jwt", "t")
                .withPath("/other").withIdentity("alice").withClientAddress("192.0.2.11");
        assertEquals("channel=c1&v=2", full.rawQuery());
        assertEquals(Optional.of("c1"), full.queryParam("channel"));
        assertEquals(Optional.of("t"), full.cookie("jwt"));
        assertEquals("/other", full.path());
        assertEquals(Optional.of("alice"), full.identity());
        assertEquals("192.0.2.11", full.clientAddress());
        assertEquals("", plain.rawQuery());
        assertEquals(Optional.empty(), plain.cookie("jwt"));
        assertEquals("/events", plain.path());
        assertEquals(Optional.empty(), plain.identity());
        assertEquals("192.0.2.10", plain.clientAddress());
    }
}
