package io.ssegateway.gateway.upstream;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The {@code Cookie} header's {@code name=value} pairs, split at {@code ;}: one cookie's value for the plugins' view
 * of a request, and the header as forwarded upstream without the cookies an auth plugin removes.
 */
public final class Cookies {
    private Cookies() {
    }

    /** The value of the first cookie named {@code name} in the {@code Cookie} header values, trimmed. */
    public static Optional<String> value(List<String> cookieHeaders, String name) {
        for (String header : cookieHeaders) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return Optional.of(part.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code Cookie} header values as one, without the cookies named in {@code remove}; empty when none is left. */
    static String without(Iterable<String> cookieHeaders, Set<String> remove) {
        StringJoiner kept = new StringJoiner("; ");
        for (String value : cookieHeaders) {
            for (String part : value.split(";")) {
                String trimmed = part.trim();
                int eq = trimmed.indexOf('=');
                String name = eq < 0 ? trimmed : trimmed.substring(0, eq);
                if (!trimmed.isEmpty() && !remove.contains(name)) {
                    kept.add(trimmed);
                }
            }
        }
        return kept.toString();
    }
}
