package io.ssegateway.plugin.broker.redis;

import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows one channel with {@code XREAD BLOCK} on a connection of its own, from the id of the last entry it returned.
 * When Redis fails, the connection is dropped and the position kept: the next call opens a new connection and goes on
 * from there, so an outage loses nothing Redis kept. A blocked read waits at most the time asked plus the command
 * timeout, so a Redis that stops answering (rather than closing) is reported in bounded time too.
 */
final class RedisFollower implements ChannelFollower {
    /** Open, or closed for good. */
    private enum State { OPEN, CLOSED }

    /** The most entries one read returns. */
    private static final int BATCH = 512;
    /** The longest one blocking read lasts; a longer wait is the caller's loop. */
    private static final Duration MAX_BLOCK = Duration.ofMinutes(10);

    private final RedisChannel channel;
    private final RedisConnections redis;
    private final Consumer<RedisFollower> onClose;
    private volatile State state = State.OPEN;
    /** The connection, null while none is open (before the first read, after a failure). */
    private volatile Jedis connection;
    /** The id of the last entry returned (or where the follower was opened); only the reading thread touches it. */
    private StreamEntryID position;

    RedisFollower(RedisChannel channel, RedisConnections redis, StreamEntryID start, Consumer<RedisFollower> onClose) {
        this.channel = channel;
        this.redis = redis;
        this.position = start;
        this.onClose = onClose;
    }

    @Override
    public List<ChannelEvent> next(Duration maxWait) throws BrokerUnavailableException, InterruptedException {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while following channel " + channel.name());
        }
        if (state == State.CLOSED) {
            return List.of();
        }
        Jedis jedis = connection();
        if (jedis == null) {
            return List.of();
        }
        int block = (int) Math.max(1, Math.min(maxWait.toMillis(), MAX_BLOCK.toMillis()));
        try {
            // XREAD BLOCK from arguments of our own: Jedis's XReadParams.block() marks the command as blocking,
            // and Jedis then waits for the answer without any timeout, forever when Redis is stopped
            Connection connection = jedis.getConnection();
            connection.setSoTimeout(block + redis.commandTimeoutMillis());
            CommandArguments xread = new CommandArguments(Protocol.Command.XREAD)
                    .add("COUNT").add(BATCH).add("BLOCK").add(block)
                    .add("STREAMS").key(channel.key()).add(position.toString());
            // the connection speaks RESP2 (no protocol is configured), whose answer this builder reads
            List<Map.Entry<String, List<StreamEntry>>> answer = connection.executeCommand(
                    new CommandObject<>(xread, BuilderFactory.STREAM_READ_RESPONSE));
            if (answer == null || answer.isEmpty() || answer.getFirst().getValue().isEmpty()) {
                return List.of();
            }
            List<StreamEntry> entries = answer.getFirst().getValue();
            position = entries.getLast().getID();
            return RedisChannel.events(entries);
        } catch (JedisException e) {
            drop(jedis);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while following channel " + channel.name());
            }
            if (state == State.CLOSED) {
                return List.of();
            }
            throw redis.unavailable("follow channel " + channel.name(), e);
        }
    }

    /** The open connection, opening one if there is none; null when the follower was closed meanwhile. */
    private Jedis connection() throws BrokerUnavailableException, InterruptedException {
        Jedis jedis = connection;
        if (jedis != null) {
            return jedis;
        }
        try {
            jedis = redis.open("follow channel " + channel.name());
        } catch (BrokerUnavailableException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while following channel " + channel.name());
            }
            throw e;
        }
        connection = jedis;
        if (state == State.CLOSED) {
            drop(jedis);
            return null;
        }
        return jedis;
    }

    private void drop(Jedis jedis) {
        if (connection == jedis) {
            connection = null;
        }
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // the connection was broken already: nothing more to release
        }
    }

    /** Closes the connection; a read blocked in another thread then ends and returns no events. */
    @Override
    public void close() {
        state = State.CLOSED;
        Jedis jedis = connection;
        if (jedis != null) {
            drop(jedis);
        }
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "follower of channel " + channel.name() + " after " + position;
    }
}
