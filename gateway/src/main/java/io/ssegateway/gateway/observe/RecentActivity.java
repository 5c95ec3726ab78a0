package io.ssegateway.gateway.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest {@link Activity} entries of all routes, the newest first; the oldest fall out. */
public final class RecentActivity {
    private final int capacity;
    private final Deque<Activity> entries;

    /** Keeps at most {@code capacity} entries. */
    public RecentActivity(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    /** Adds an entry, dropping the oldest when full. */
    public synchronized void add(Activity activity) {
        if (entries.size() == capacity) {
            entries.removeLast();
        }
        entries.addFirst(activity);
    }

    /** The entries, newest first. */
    public synchronized List<Activity> latest() {
        return new ArrayList<>(entries);
    }
}
