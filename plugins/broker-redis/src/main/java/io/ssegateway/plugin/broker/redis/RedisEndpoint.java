package io.ssegateway.plugin.broker.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the Redis server is, from a {@code redis://[[user]:password@]host[:port][/db]} URI ({@code rediss://} for
 * TLS). {@link #masked()} is the form every message shows: the password is never printed.
 *
 * @param tls      whether to connect with TLS ({@code rediss://})
 * @param host     the host name or address (an IPv6 address without brackets)
 * @param port     the port, 6379 when the URI names none
 * @param database the database number, 0 when the URI names none
 * @param user     the ACL user name, empty for the default user
 * @param password the password, empty for none
 */
record RedisEndpoint(boolean tls, String host, int port, int database, String user, String password) {
    /** The port Redis listens on by default. */
    static final int DEFAULT_PORT = 6379;

    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    /**
     * Parses a URI.
     *
     * @throws IllegalArgumentException with what is wrong, never quoting a password
     */
    static RedisEndpoint parse(String text) {
        String stripped = text.strip();
        if (!stripped.startsWith("redis://") && !stripped.startsWith("rediss://")) {
            throw new IllegalArgumentException("expected redis://host:port[/db] (or rediss:// for TLS)");
        }
        URI uri;
        try {
            uri = new URI(stripped);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("expected a host: redis://host:port[/db]");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("expected no query or fragment: redis://host:port[/db]");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected a port from 1 to 65535");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            String number = path.substring(1);
            if (!DIGITS.matcher(number).matches()) {
                throw new IllegalArgumentException("expected the database as a number after the port: redis://host:port/0");
            }
            database = Integer.parseInt(number);
        }
        String user = "";
        String password = "";
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(
                        "expected the password after a colon: redis://:password@host or redis://user:password@host");
            }
            user = userInfo.substring(0, colon);
            password = userInfo.substring(colon + 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RedisEndpoint(scheme.equals("rediss"), host, port, database, user, password);
    }

    /**
     * A URI as it may be shown in a message: the user and password, when there are any, replaced by {@code ***}. For
     * text that does not even parse, so that a bad URI can still be quoted back safely.
     */
    static String maskedText(String text) {
        return USER_INFO.matcher(text).replaceFirst("//***@");
    }

    /** The same endpoint with another user and password (from the {@code username} and {@code password} keys). */
    RedisEndpoint withCredentials(Optional<String> newUser, Optional<String> newPassword) {
        return new RedisEndpoint(tls, host, port, database, newUser.orElse(user), newPassword.orElse(password));
    }

    /** The URI without the password: {@code redis://user:***@host:port/db}, or without credentials when there are none. */
    String masked() {
        String credentials = user.isEmpty() && password.isEmpty() ? "" : user + ":***@";
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + credentials + hostPart + ":" + port + "/" + database;
    }

    /** Never the password: the masked URI. */
    @Override
    public String toString() {
        return masked();
    }
}
