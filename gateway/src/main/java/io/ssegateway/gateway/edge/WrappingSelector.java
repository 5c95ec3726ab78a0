package io.ssegateway.gateway.edge;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * A protocol's connection selector whose every connection is wrapped: it identifies and accepts connections as the
 * protocol's own selector does, and hands each connection it makes to {@code wrap} with its context.
 */
record WrappingSelector(ServerConnectionSelector selector,
                        BiFunction<ServerConnection, ConnectionContext, ServerConnection> wrap)
        implements ServerConnectionSelector {
    @Override
    public int bytesToIdentifyConnection() {
        return selector.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return selector.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return selector.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return wrap.apply(selector.connection(ctx), ctx);
    }
}
