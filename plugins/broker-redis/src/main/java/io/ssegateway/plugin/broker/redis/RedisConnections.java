package io.ssegateway.plugin.broker.redis;

import io.ssegateway.spi.broker.BrokerUnavailableException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The broker's connections to Redis: a pool for publishing and reading history, and single connections for followers.
 * Turns the client library's failures into {@link BrokerUnavailableException}s whose messages name the server by its
 * masked URI, never with the password. Nothing connects until first used.
 */
final class RedisConnections implements AutoCloseable {
    /** A piece of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        /** Runs with a connection taken from the pool, returned to it (or dropped when broken) afterwards. */
        T run(Jedis jedis);
    }

    /**
     * A write's outcome is unknown: the command that applies it was sent and its answer never came. Thrown by work
     * for {@link #call}, which reports it and never repeats the work.
     */
    static final class UnknownOutcome extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownOutcome(JedisException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final RedisEndpoint endpoint;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final JedisPool pool;
    private final int commandTimeoutMillis;

    RedisConnections(RedisBrokerOptions options) {
        this.endpoint = options.endpoint();
        this.address = new HostAndPort(endpoint.host(), endpoint.port());
        this.commandTimeoutMillis = (int) options.commandTimeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) options.connectTimeout().toMillis())
                .socketTimeoutMillis(commandTimeoutMillis)
                .database(endpoint.database())
                .clientName("sse-gateway")
                // RESP2, without the HELLO that auto-negotiation would try (Jedis then logs a warning for every
                // connection); the follower reads XREAD's RESP2 answer itself
                .autoNegotiateProtocol(false)
                .ssl(endpoint.tls());
        if (!endpoint.user().isEmpty()) {
            config.user(endpoint.user());
        }
        if (!endpoint.password().isEmpty()) {
            config.password(endpoint.password());
        }
        this.clientConfig = config.build();
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(options.maxConnections());
        poolConfig.setMaxIdle(options.maxConnections());
        poolConfig.setMinIdle(0);
        // waiting for a free connection counts against the command timeout
        poolConfig.setMaxWait(Duration.ofMillis(commandTimeoutMillis));
        poolConfig.setBlockWhenExhausted(true);
        // no PING before each use: a pooled connection that Redis closed meanwhile (it restarted) fails at once,
        // and call() then clears the pool and runs the work again on a new connection
        poolConfig.setTestOnBorrow(false);
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, address, clientConfig);
    }

    /** The server as messages show it. */
    RedisEndpoint endpoint() {
        return endpoint;
    }

    /** The command timeout, in milliseconds. */
    int commandTimeoutMillis() {
        return commandTimeoutMillis;
    }

    /**
     * Runs {@code work} on a pooled connection. When the connection turns out to be one that Redis closed meanwhile
     * (it failed at once, not by a timeout), the idle connections, as dead as it after a Redis restart, are dropped
     * and the work runs once more on a new connection; so work must be safe to repeat when it failed that way (a
     * write throws {@link UnknownOutcome} once the command that applies it was sent, and is never repeated).
     *
     * @param what what is done, for the message when it fails ("publish to channel news")
     * @throws BrokerUnavailableException when Redis cannot be reached, answers too late, or refuses the command
     */
    <T> T call(String what, Work<T> work) throws BrokerUnavailableException {
        try {
            return once(what, work);
        } catch (JedisException e) {
            if (!closedByRedis(e)) {
                throw unavailable(what, e);
            }
            pool.clear();
            try {
                return once(what, work);
            } catch (JedisException again) {
                throw unavailable(what, again);
            }
        }
    }

    private <T> T once(String what, Work<T> work) throws BrokerUnavailableException {
        try (Jedis jedis = pool.getResource()) {
            return work.run(jedis);
        } catch (UnknownOutcome e) {
            throw unavailable(what + " (no answer after the command was sent: it may have been applied)",
                              (Exception) e.getCause());
        }
    }

    /** Whether the failure is a connection that was closed or refused, rather than one that timed out. */
    private static boolean closedByRedis(JedisException e) {
        boolean connection = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof NoSuchElementException) {
                return false;
            }
            connection |= cause instanceof JedisConnectionException;
        }
        return connection;
    }

    /**
     * Opens a connection of its own (for a follower, whose blocking reads must not hold a pooled one).
     *
     * @throws BrokerUnavailableException when Redis cannot be reached
     */
    Jedis open(String what) throws BrokerUnavailableException {
        Jedis jedis = null;
        try {
            jedis = new Jedis(address, clientConfig);
            jedis.ping();
            return jedis;
        } catch (JedisException e) {
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException alreadyBroken) {
                    e.addSuppressed(alreadyBroken);
                }
            }
            throw unavailable(what, e);
        }
    }

    /** The exception for a failure of the client library, with the masked URI and without the password. */
    BrokerUnavailableException unavailable(String what, Exception cause) {
        String reason = reason(cause);
        if (!endpoint.password().isEmpty()) {
            reason = reason.replace(endpoint.password(), "***");
        }
        return new BrokerUnavailableException("redis at " + endpoint.masked() + ": " + what + " failed: " + reason,
                                              cause);
    }

    /** The failure's message with its cause's (such as "Failed to connect to host:port: Connection refused"). */
    private static String reason(Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        List<Throwable> causes = new ArrayList<>(List.of(failure.getSuppressed()));
        if (failure.getCause() != null) {
            causes.add(failure.getCause());
            causes.addAll(List.of(failure.getCause().getSuppressed()));
        }
        for (Throwable cause : causes) {
            if (cause.getMessage() != null && !reason.contains(cause.getMessage())) {
                return reason.replaceFirst("\\.$", "") + ": " + cause.getMessage();
            }
        }
        return reason;
    }

    @Override
    public void close() {
        pool.close();
    }
}
