package io.ssegateway.gateway.share;

import io.ssegateway.gateway.config.ShareSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clients of one shared stream and its replay buffer: hands every block to the replay buffer and to each
 * client's {@link ClientQueue} without waiting for any, and drops the clients it made slow. A client joining with a
 * {@code Last-Event-ID} gets the replayed blocks and then every later one, none lost or repeated, since both happen
 * under one lock. Called under its shared stream's lock or none (the stream's lock is always taken first).
 */
final class Fanout {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ClientQueue> clients = new ArrayList<>();
    private final ReplayBuffer replay;

    Fanout(ShareSettings.Replay limits) {
        this.replay = new ReplayBuffer(limits);
    }

    /**
     * Adds a client, first queueing the blocks after {@code lastEventId} when it is given; false (and not added) when
     * that id is not in the replay buffer.
     */
    boolean add(ClientQueue queue, String lastEventId, SharedStream stream) {
        lock.lock();
        try {
            List<SharedEvent> replayed = List.of();
            if (lastEventId != null) {
                replayed = replay.after(lastEventId, System.nanoTime());
                if (replayed == null) {
                    return false;
                }
            }
            queue.joined(stream, replayed);
            clients.add(queue);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a client off (it left). */
    void remove(ClientQueue queue) {
        lock.lock();
        try {
            clients.remove(queue);
        } finally {
            lock.unlock();
        }
    }

    /** Takes every client off; returns them. */
    List<ClientQueue> removeAll() {
        lock.lock();
        try {
            List<ClientQueue> all = new ArrayList<>(clients);
            clients.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Clients now. */
    int size() {
        lock.lock();
        try {
            return clients.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands blocks (those of one upstream read, in order) to the replay buffer and every client, each client once;
     * returns how many clients they made slow (taken off).
     */
    int publish(List<SharedEvent> events) {
        List<ClientQueue> slow = null;
        lock.lock();
        try {
            for (int i = 0; i < events.size(); i++) {
                replay.add(events.get(i));
            }
            for (int i = 0; i < clients.size(); i++) {
                ClientQueue client = clients.get(i);
                if (!client.offer(events)) {
                    if (slow == null) {
                        slow = new ArrayList<>();
                    }
                    slow.add(client);
                }
            }
            if (slow != null) {
                clients.removeAll(slow);
            }
        } finally {
            lock.unlock();
        }
        return slow == null ? 0 : slow.size();
    }
}
