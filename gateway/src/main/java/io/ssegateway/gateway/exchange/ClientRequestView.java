package io.ssegateway.gateway.exchange;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.upstream.Cookies;
import io.ssegateway.spi.RequestView;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/** The plugins' read-only view of a client request. */
final class ClientRequestView implements RequestView {
    private final ServerRequest request;
    private final String routeId;
    private final String clientAddress;
    private volatile String identity;

    ClientRequestView(ServerRequest request, String routeId) {
        this.request = request;
        this.routeId = routeId;
        this.clientAddress = addressOf(request.remotePeer().address());
    }

    static String addressOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    void identity(String identity) {
        this.identity = identity;
    }

    @Override
    public String routeId() {
        return routeId;
    }

    @Override
    public String method() {
        return request.prologue().method().text();
    }

    @Override
    public String path() {
        return request.path().path();
    }

    @Override
    public String rawQuery() {
        return request.query().rawValue();
    }

    @Override
    public Optional<String> header(String name) {
        ServerRequestHeaders headers = request.headers();
        HeaderName headerName = HeaderNames.create(name);
        return headers.contains(headerName) ? Optional.of(headers.get(headerName).get()) : Optional.empty();
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().values(HeaderNames.create(name));
    }

    @Override
    public Optional<String> queryParam(String name) {
        return request.query().first(name).asOptional();
    }

    @Override
    public Optional<String> cookie(String name) {
        return Cookies.value(headers("Cookie"), name);
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public Optional<String> identity() {
        return Optional.ofNullable(identity);
    }
}
