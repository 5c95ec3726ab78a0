package io.ssegateway.gateway.share;

import io.ssegateway.gateway.config.ShareSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clients of one shared stream and its replay buffer: hands every block to the replay buffer and to each
 * client's {@link ClientQueue} without waiting for any, and drops the clients it made slow. A client joining with a
 * {@code Last-Event-ID} gets the replayed blocks and then every later one, none lost or repeated, since both happen
 * under one lock. Called under its shared stream's lock or none (the stream's lock is always taken first).
 */
final class Fanout {
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled after each publish, for a client waiting for an id to be kept ({@link #awaitKept}). */
    private final Condition published = lock.newCondition();
    private final List<ClientQueue> clients = new ArrayList<>();
    private final ReplayBuffer replay;

    Fanout(ShareSettings.Replay limits, String openedAfter) {
        this.replay = new ReplayBuffer(limits);
        if (openedAfter != null) {
            replay.startAfter(openedAfter);
        }
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

    /**
     * Whether an event with {@code id} is (or, within {@code wait}, comes to be) in the replay buffer. It is waited for
     * only when {@code behind}, an id before it, is in the buffer already: the shared stream is then just behind the
     * client's private one, which got the same event a moment earlier.
     */
    boolean awaitKept(String id, String behind, long wait, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (replay.serves(id)) {
                return true;
            }
            if (!replay.serves(behind)) {
                return false;
            }
            long left = unit.toNanos(wait);
            while (!replay.serves(id) && left > 0) {
                left = published.awaitNanos(left);
            }
            return replay.serves(id);
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
            published.signalAll();
        } finally {
            lock.unlock();
        }
        return slow == null ? 0 : slow.size();
    }
}
