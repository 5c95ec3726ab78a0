package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How the public listener meets the network: TLS, HTTP/2, security headers and request-head limits.
 *
 * @param tls             TLS on the listener; empty: cleartext
 * @param http2           HTTP/2 negotiated by ALPN when TLS is on
 * @param h2c             HTTP/2 over cleartext (prior knowledge, or an {@code Upgrade: h2c}) when TLS is off
 * @param securityHeaders headers on gateway-made responses
 * @param requestHead     request line and header limits
 * @param idleTimeout     how long a connection without an open stream may go without a request before it is closed
 */
public record EdgeSettings(Optional<TlsSettings> tls, boolean http2, boolean h2c,
                           SecurityHeadersSettings securityHeaders, RequestHeadSettings requestHead,
                           Duration idleTimeout) {
    /** Helidon's default idle-connection timeout: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Cleartext HTTP/1.1, HTTP/2 on TLS when TLS is configured, default security headers and limits. */
    public static final EdgeSettings DEFAULT = new EdgeSettings(Optional.empty(), true, false,
                                                                SecurityHeadersSettings.DEFAULT,
                                                                RequestHeadSettings.DEFAULT);

    /** These settings with the default idle timeout. */
    public EdgeSettings(Optional<TlsSettings> tls, boolean http2, boolean h2c,
                        SecurityHeadersSettings securityHeaders, RequestHeadSettings requestHead) {
        this(tls, http2, h2c, securityHeaders, requestHead, DEFAULT_IDLE_TIMEOUT);
    }

    /** Whether the listener speaks HTTP/2 at all. */
    public boolean speaksHttp2() {
        return tls.isPresent() ? http2 : h2c;
    }
}
