package io.ssegateway.plugin.broker.redis;

import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import io.ssegateway.spi.broker.ChannelHistory;
import io.ssegateway.spi.broker.Replay;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.SafeEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One channel as a Redis stream. Each event is an entry with the fields {@code event} and {@code data}, and
 * {@code id} when the publisher set one. An event's id is that field when present, else the entry's id
 * ({@code <milliseconds>-<sequence>}, which Redis makes grow monotonically: ids compare by milliseconds, then by
 * sequence).
 *
 * <p>History: each {@code XADD} trims with {@code MAXLEN ~ events} (Redis trims whole nodes of the stream, so up to
 * about 100 more events, {@code stream-node-max-entries}, may stay), and each publish also removes, with an exact
 * {@code MINID}, the entries older than the age bound. Age is measured on Redis's clock ({@code TIME}, asked in the
 * same round trip as the XADDs), so a gateway whose clock is off never trims fresh events. A channel nobody publishes
 * to keeps its old events until the next publish.
 */
final class RedisChannel implements BrokerChannel {
    static final String ID_FIELD = "id";
    static final String EVENT_FIELD = "event";
    static final String DATA_FIELD = "data";
    /** How many entries one XREVRANGE reads while looking for a publisher's id. */
    private static final int SCAN_PAGE = 256;
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");
    private static final StreamEntryID BEFORE_ANY = new StreamEntryID(0, 0);

    private final String name;
    private final String key;
    private final ChannelHistory history;
    private final RedisConnections redis;
    private final Set<RedisFollower> followers;

    RedisChannel(String name, String key, ChannelHistory history, RedisConnections redis,
                 Set<RedisFollower> followers) {
        this.name = name;
        this.key = key;
        this.history = history;
        this.redis = redis;
        this.followers = followers;
    }

    @Override
    public String name() {
        return name;
    }

    /** The stream's key in Redis. */
    String key() {
        return key;
    }

    @Override
    public List<ChannelEvent> publish(List<ChannelEvent> events) throws BrokerUnavailableException {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("publish needs at least one event");
        }
        List<StreamEntryID> ids = redis.call("publish to channel " + name,
                                             jedis -> appendAll(jedis.getConnection(), events));
        List<ChannelEvent> stored = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ChannelEvent event = events.get(i);
            stored.add(event.id().isEmpty() ? event.withId(ids.get(i).toString()) : event);
        }
        return List.copyOf(stored);
    }

    /**
     * Appends the events in one transaction, in two steps. First TIME, MULTI and the XADDs, and their answers: Redis's
     * clock, then each XADD queued. Then the XTRIM of the entries older than the age bound by that clock, and EXEC.
     * A failure in the first step leaves nothing appended (Redis drops a transaction whose connection closes before
     * EXEC, even when it reads the queued commands only after being stopped for a while), so
     * {@link RedisConnections#call} may run it again on a new connection; a failure once EXEC was sent is an
     * {@link RedisConnections.UnknownOutcome}.
     */
    private List<StreamEntryID> appendAll(Connection connection, List<ChannelEvent> events) {
        connection.sendCommand(Protocol.Command.TIME);
        connection.sendCommand(Protocol.Command.MULTI);
        for (ChannelEvent event : events) {
            connection.sendCommand(Protocol.Command.XADD, xadd(event));
        }
        List<Object> queued = connection.getMany(2 + events.size());
        for (Object reply : queued) {
            if (reply instanceof JedisDataException refused) {
                connection.sendCommand(Protocol.Command.DISCARD);
                connection.getOne();
                throw refused;
            }
        }
        long cutoff = redisMillis((List<?>) queued.getFirst()) - history.age().toMillis();
        connection.sendCommand(Protocol.Command.XTRIM, key, "MINID", "=", Math.max(cutoff, 0) + "-0");
        connection.sendCommand(Protocol.Command.EXEC);
        List<Object> answers;
        try {
            answers = connection.getMany(2);
        } catch (JedisConnectionException e) {
            throw new RedisConnections.UnknownOutcome(e);
        }
        for (Object answer : answers) {
            if (answer instanceof JedisDataException refused) {
                throw refused;   // EXEC after a refused XTRIM aborts the whole transaction: nothing was appended
            }
        }
        List<?> results = (List<?>) answers.get(1);
        List<StreamEntryID> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Object result = results.get(i);
            if (result instanceof JedisDataException refused) {
                throw refused;
            }
            ids.add(new StreamEntryID(SafeEncoder.encode((byte[]) result)));
        }
        return ids;
    }

    /** TIME's answer, seconds and microseconds, in milliseconds. */
    private static long redisMillis(List<?> time) {
        long seconds = Long.parseLong(SafeEncoder.encode((byte[]) time.get(0)));
        long micros = Long.parseLong(SafeEncoder.encode((byte[]) time.get(1)));
        return seconds * 1000 + micros / 1000;
    }

    /** XADD's arguments: the key, {@code MAXLEN ~ <events>}, a new id ({@code *}) and the event's fields. */
    private String[] xadd(ChannelEvent event) {
        List<String> args = new ArrayList<>(List.of(key, "MAXLEN", "~", String.valueOf(history.events()), "*",
                                                    EVENT_FIELD, event.event(), DATA_FIELD, event.data()));
        if (!event.id().isEmpty()) {
            args.add(ID_FIELD);
            args.add(event.id());
        }
        return args.toArray(String[]::new);
    }

    @Override
    public Replay after(String lastEventId, int limit) throws BrokerUnavailableException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return redis.call("read the history of channel " + name, jedis -> {
            Optional<StreamEntryID> at = locate(jedis, lastEventId);
            if (at.isPresent()) {
                // the entry and what follows it, in one transaction: if trimming removed the entry in between, what
                // follows may have lost events too, and that is a gap
                Transaction transaction = jedis.multi();
                Response<List<StreamEntry>> self = transaction.xrange(key, at.get(), at.get(), 1);
                Response<List<StreamEntry>> next = transaction.xrange(key, "(" + at.get(), "+", limit);
                transaction.exec();
                if (!self.get().isEmpty()) {
                    return new Replay(true, events(next.get()));
                }
            }
            return new Replay(false, events(jedis.xrange(key, "-", "+", limit)));
        });
    }

    @Override
    public Optional<ChannelEvent> latest() throws BrokerUnavailableException {
        List<StreamEntry> newest = redis.call("read the latest event of channel " + name,
                                              jedis -> jedis.xrevrange(key, "+", "-", 1));
        return events(newest).stream().findFirst();
    }

    @Override
    public ChannelFollower follow(Optional<String> afterId) throws BrokerUnavailableException {
        StreamEntryID start = redis.call("follow channel " + name, jedis -> {
            Optional<StreamEntryID> at = afterId.isPresent() ? locate(jedis, afterId.get()) : Optional.empty();
            return at.isPresent() ? at.get() : newest(jedis);
        });
        RedisFollower follower = new RedisFollower(this, redis, start, followers::remove);
        followers.add(follower);
        return follower;
    }

    /** The events of these entries. */
    static List<ChannelEvent> events(List<StreamEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<ChannelEvent> events = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            events.add(event(entry));
        }
        return List.copyOf(events);
    }

    /** The stream entry of an event id: the entry with that id if it carries no publisher's id, else the newest entry
     * whose {@code id} field is it, looked for from the newest back. */
    private Optional<StreamEntryID> locate(Jedis jedis, String eventId) {
        if (ENTRY_ID.matcher(eventId).matches()) {
            try {
                StreamEntryID entryId = new StreamEntryID(eventId);
                List<StreamEntry> entry = jedis.xrange(key, entryId, entryId, 1);
                if (!entry.isEmpty() && !entry.getFirst().getFields().containsKey(ID_FIELD)) {
                    return Optional.of(entryId);
                }
            } catch (NumberFormatException tooLarge) {
                // not an entry id after all: a publisher's
            }
        }
        String end = "+";
        while (true) {
            List<StreamEntry> page = jedis.xrevrange(key, end, "-", SCAN_PAGE);
            for (StreamEntry entry : page) {
                if (eventId.equals(entry.getFields().get(ID_FIELD))) {
                    return Optional.of(entry.getID());
                }
            }
            if (page.size() < SCAN_PAGE) {
                return Optional.empty();
            }
            end = "(" + page.getLast().getID();
        }
    }

    /** The newest entry's id, or 0-0 when the stream is empty: a follower from there gets only what comes next. */
    private StreamEntryID newest(Jedis jedis) {
        List<StreamEntry> newest = jedis.xrevrange(key, "+", "-", 1);
        return newest.isEmpty() ? BEFORE_ANY : newest.getFirst().getID();
    }

    private static ChannelEvent event(StreamEntry entry) {
        Map<String, String> fields = entry.getFields();
        String publisherId = fields.get(ID_FIELD);
        return new ChannelEvent(publisherId == null || publisherId.isEmpty() ? entry.getID().toString() : publisherId,
                                fields.getOrDefault(EVENT_FIELD, ""), fields.getOrDefault(DATA_FIELD, ""));
    }
}
