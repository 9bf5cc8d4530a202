package dev.embeddedservice.testkit.internal;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent {@code capacity} entries, oldest dropped first. Thread-safe. */
final class BoundedLog<T> {

    private final int capacity;
    private final ArrayDeque<T> entries;

    BoundedLog(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    synchronized void add(T entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Oldest first. */
    synchronized List<T> snapshot() {
        return List.copyOf(entries);
    }

    synchronized T last() {
        return entries.peekLast();
    }

    synchronized void clear() {
        entries.clear();
    }
}
