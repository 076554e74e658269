package com.heartbeatmonitor.generator;

import java.util.List;

/**
 * One customer's day from local noon to local noon, in epoch milliseconds: awake until {@code bedtime},
 * asleep until {@code wake}, awake again until {@code end}. Noon is the boundary because nothing a day
 * holds crosses it: everything, the night included, starts and ends inside the plan.
 *
 * @param sleepLevel the rate the heart settles to in tonight's sleep
 * @param segments what moves the heart away from rest, sorted by start, never overlapping
 * @param gaps when the device sends nothing, sorted by start, never overlapping
 * @param truth the episodes of the day worth reporting, sorted by end
 */
record DayPlan(
        long start,
        long end,
        long bedtime,
        long wake,
        double sleepLevel,
        List<Segment> segments,
        List<Interval> gaps,
        List<AnomalyEpisode> truth) {

    record Interval(long start, long end) {
        boolean overlaps(long from, long to) {
            return from < end && start < to;
        }
    }

    boolean asleep(long t) {
        return t >= bedtime && t < wake;
    }
}
