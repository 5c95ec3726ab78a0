package io.ssegateway.gateway.config;

import java.util.regex.Pattern;

/** Checks and normalises a route's path prefix. */
final class RoutePaths {
    private static final Pattern SLASHES = Pattern.compile("/{2,}");
    private static final Pattern WHITESPACE = Pattern.compile(".*\\s.*");

    private RoutePaths() {
    }

    /**
     * Normalises a route path: repeated {@code /} collapsed, trailing {@code /} removed (except for {@code /} itself).
     *
     * @param path the configured path
     * @return the normalised path
     * @throws IllegalArgumentException with the problem as its message
     */
    static String normalize(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("must start with /");
        }
        if (path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("must not contain ? or #");
        }
        if (path.contains("..")) {
            throw new IllegalArgumentException("must not contain ..");
        }
        if (WHITESPACE.matcher(path).matches()) {
            throw new IllegalArgumentException("must not contain whitespace");
        }
        String collapsed = SLASHES.matcher(path).replaceAll("/");
        return collapsed.length() > 1 && collapsed.endsWith("/")
                ? collapsed.substring(0, collapsed.length() - 1)
                : collapsed;
    }
}
