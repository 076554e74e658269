package com.heartbeatmonitor.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges readings of several people, each already in time order, into one time-ordered sequence (k-way
 * merge: O(log k) per reading, nothing copied). Equal times come in person order.
 */
final class TimeMerge implements Iterator<Reading> {

    static final Comparator<Reading> ORDER = Comparator.comparing(Reading::time).thenComparing(Reading::person);

    private record Cursor(List<Reading> readings, int index) {
        Reading head() {
            return readings.get(index);
        }
    }

    private final PriorityQueue<Cursor> heads;

    TimeMerge(Collection<List<Reading>> timeOrdered) {
        this(timeOrdered, ORDER);
    }

    /** Merges by {@code order}, in which every list must already be sorted. */
    TimeMerge(Collection<List<Reading>> timeOrdered, Comparator<Reading> order) {
        List<Cursor> cursors = new ArrayList<>();
        for (List<Reading> readings : timeOrdered) {
            if (!readings.isEmpty()) {
                cursors.add(new Cursor(readings, 0));
            }
        }
        heads = new PriorityQueue<>(Math.max(1, cursors.size()), Comparator.comparing(Cursor::head, order));
        heads.addAll(cursors);
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public Reading next() {
        Cursor cursor = heads.poll();
        if (cursor == null) {
            throw new NoSuchElementException();
        }
        if (cursor.index() + 1 < cursor.readings().size()) {
            heads.add(new Cursor(cursor.readings(), cursor.index() + 1));
        }
        return cursor.head();
    }
}
