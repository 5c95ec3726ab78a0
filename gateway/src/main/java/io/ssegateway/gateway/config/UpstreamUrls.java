package io.ssegateway.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks an upstream base URL: absolute http or https with a host, no query, fragment or credentials. */
final class UpstreamUrls {
    private UpstreamUrls() {
    }

    /**
     * Parses an upstream URL. A path is kept (requests are sent under it) without its trailing {@code /}.
     *
     * @param text the configured URL
     * @return the URI
     * @throws IllegalArgumentException with the problem as its message
     */
    static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not contain credentials (configure them in an auth plugin)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        String raw = scheme + uri.toString().substring(scheme.length());
        return URI.create(raw.replaceAll("/+$", ""));
    }

    /** The URL as it may appear in a message: any user info replaced by {@code ***}. */
    static String shown(String text) {
        return text.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@", "$1***@");
    }
}
