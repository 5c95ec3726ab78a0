package io.ssegateway.gateway.edge;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2ConnectionSelector;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.RequestHeadSettings;

/**
 * Sets up the public listener from the edge settings: TLS, the protocols it speaks (HTTP/1.1 always; HTTP/2 by
 * ALPN on TLS, or by prior knowledge on cleartext when {@code h2c} is on), the request-head limits and timeout,
 * JSON answers for what Helidon refuses itself (HTTP/1.0 included, see {@link Http10Refusal}), and the
 * idle-connection timeout (which spares HTTP/2 connections with open streams, see {@link Http2IdleTimeout}).
 * Protocols are set explicitly rather than discovered, so the HTTP/2 jar on the class path never switches on
 * {@code Upgrade: h2c}.
 */
public final class PublicListener {
    private PublicListener() {
    }

    /**
     * Applies the edge settings to the server builder.
     *
     * @throws IllegalArgumentException when TLS material cannot be loaded
     */
    public static void configure(WebServerConfig.Builder server, EdgeSettings edge, EdgeHeaders edgeHeaders,
                                 RequestHeadTimeout headTimeout) {
        RequestHeadSettings head = edge.requestHead();
        Http1Config http1 = Http1Config.builder()
                .maxPrologueLength(head.maxRequestLine())
                .maxHeadersSize(head.maxHeadersSize())
                .receiveLog(false)    // Helidon's wire logging would print request headers, credentials included
                .sendLog(false)
                .addReceiveListener(headTimeout.listener())
                .build();
        server.idleConnectionTimeout(edge.idleTimeout())
                .idleConnectionPeriod(Http2IdleTimeout.checkPeriod(edge.idleTimeout()))
                .protocolsDiscoverServices(false)
                .addConnectionSelector(Http10Refusal.wrap(
                        headTimeout.wrap(Http1ConnectionSelector.builder().config(http1).build())));
        if (edge.speaksHttp2()) {
            Http2Config http2 = Http2Config.builder()
                    .maxHeaderListSize(head.maxHeadersSize())
                    .build();
            server.addConnectionSelector(Http2IdleTimeout.wrap(
                    Http2ConnectionSelector.builder().http2Config(http2).build()));
        }
        edge.tls().ifPresent(tls -> server.tls(ServerTls.load(tls)));
        DirectAnswers answers = new DirectAnswers(edgeHeaders);
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, answers);
        }
        server.directHandlers(handlers.build())
                // hands Helidon's own messages (those it marks safe) to the answers above, which JSON-escape them
                .errorHandling(ErrorHandling.builder().includeEntity(true).build());
    }
}
