package io.ssegateway.gateway.plugin;

import io.ssegateway.gateway.config.ConfigLoader;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A broker and channel auth named in the config are looked up among the loaded plugins like a route's. */
class BrokerPluginConfigTest {
    @Test
    void anUnknownBrokerAndAnUnknownPublishAuthAreReportedWithTheirPaths() {
        GatewaySettings settings = ConfigLoader.loadString("""
                demo-upstream.enabled = false
                broker { type = "redis", uri = "redis://127.0.0.1:6379" }
                channels = [ { id = news, path = /news, publish.auth { type = "bearer", tokens = [t] } } ]
                """, Path.of("/opt/sse-gateway"), Map.of());
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> RoutePluginsBuilder.build(
                PluginCatalog.empty(), settings, HelidonGatewayMetrics.isolated()));
        assertEquals(List.of("channels[0].publish.auth.type: unknown auth plugin (got: bearer); available: (none"
                             + " loaded)",
                             "broker.type: unknown broker plugin (got: redis); available: (none loaded)"),
                     e.problems());
    }
}
