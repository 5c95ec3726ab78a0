package io.ssegateway.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.spi.ConfigNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class EnvironmentOverridesTest {
    @Test
    void aKeyIsLookedUpAsIsThenWithUnderscoresThenUpperCase() {
        assertEquals(List.of("routes.0.timeouts.first-byte", "routes_0_timeouts_first_byte",
                             "ROUTES_0_TIMEOUTS_FIRST_dash_BYTE", "ROUTES_0_TIMEOUTS_FIRST_DASH_BYTE",
                             "ROUTES_0_TIMEOUTS_FIRST_BYTE"),
                     EnvironmentOverrides.namesFor("routes.0.timeouts.first-byte"));
    }

    @Test
    void theUpperCaseUnderscoreFormOverridesAKey() {
        EnvironmentOverrides env = new EnvironmentOverrides(Map.of("SERVER_PORT", "9000",
                                                                   "SERVER_SHUTDOWN_TIMEOUT", "3s"));
        assertEquals("9000", valueOf(env.node("server.port")));
        assertEquals("3s", valueOf(env.node("server.shutdown-timeout")));
        assertEquals(Optional.empty(), env.node("server.host"));
        assertEquals(Optional.empty(), env.node(""));
    }

    @Test
    void theMoreExactNameWins() {
        EnvironmentOverrides env = new EnvironmentOverrides(Map.of("SERVER_PORT", "1", "server.port", "2",
                                                                   "SERVER_SHUTDOWN_dash_TIMEOUT", "3s",
                                                                   "SERVER_SHUTDOWN_TIMEOUT", "4s"));
        assertEquals("2", valueOf(env.node("server.port")));
        assertEquals("3s", valueOf(env.node("server.shutdown-timeout")));
    }

    private static String valueOf(Optional<ConfigNode> node) {
        return ((ConfigNode.ValueNode) node.orElseThrow()).get();
    }
}
