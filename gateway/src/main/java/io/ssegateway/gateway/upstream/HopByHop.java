package io.ssegateway.gateway.upstream;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Hop-by-hop headers (RFC 9110 7.6.1): never forwarded by a proxy, in either direction. */
public final class HopByHop {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
                                                     "upgrade", "proxy-connection", "proxy-authenticate",
                                                     "proxy-authorization");

    private HopByHop() {
    }

    /**
     * The lower-case names not to forward from these headers: the fixed hop-by-hop set, every {@code Proxy-*}
     * header, and what {@code Connection} names.
     */
    public static Set<String> namesIn(Headers headers) {
        Set<String> names = new HashSet<>(ALWAYS);
        if (headers.contains(HeaderNames.CONNECTION)) {
            for (String value : headers.get(HeaderNames.CONNECTION).allValues(true)) {
                names.add(value.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** Whether a header is not to be forwarded, given {@link #namesIn}. */
    public static boolean skip(Header header, Set<String> hopByHop) {
        String name = header.name().toLowerCase(Locale.ROOT);
        return hopByHop.contains(name) || name.startsWith("proxy-");
    }
}
