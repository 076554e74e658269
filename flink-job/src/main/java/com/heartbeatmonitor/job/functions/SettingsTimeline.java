package com.heartbeatmonitor.job.functions;

import java.util.Arrays;

/**
 * A customer's settings over event time, as kept in state: versions ordered by the time they apply from, the
 * first in force (or still pending), the others pending. Null: the deployment's defaults, and nothing kept, which is
 * what every customer without settings has. Plain functions on the array, so keyed state holds one small value.
 */
final class SettingsTimeline {

    private SettingsTimeline() {}

    /** The version in force at event time {@code t}, or null: the deployment's defaults. */
    static SettingsVersion at(SettingsVersion[] timeline, long t) {
        if (timeline == null) {
            return null;
        }
        SettingsVersion inForce = null;
        for (SettingsVersion v : timeline) {
            if (v.from > t) {
                break;
            }
            inForce = v;
        }
        return inForce == null || inForce.reset ? null : inForce;
    }

    /** The newest version accepted since the last reset, or 0: a new version must be greater. */
    static long newestVersion(SettingsVersion[] timeline) {
        if (timeline == null) {
            return 0;
        }
        SettingsVersion last = timeline[timeline.length - 1];
        return last.reset ? 0 : last.version;
    }

    /**
     * The timeline with {@code added}, which supersedes every version applying from the same time or later (it is
     * newer than all of them).
     */
    static SettingsVersion[] add(SettingsVersion[] timeline, SettingsVersion added) {
        if (timeline == null) {
            return new SettingsVersion[] {added};
        }
        int keep = 0;
        while (keep < timeline.length && timeline[keep].from < added.from) {
            keep++;
        }
        SettingsVersion[] next = Arrays.copyOf(timeline, keep + 1);
        next[keep] = added;
        return next;
    }

    /**
     * Drops what no reading can need any more once event time has reached {@code watermark} (only later readings
     * are judged): versions superseded by then, and a reset in force alone. Null when nothing is left.
     */
    static SettingsVersion[] prune(SettingsVersion[] timeline, long watermark) {
        if (timeline == null) {
            return null;
        }
        int first = 0;
        while (first + 1 < timeline.length && timeline[first + 1].from <= watermark) {
            first++;
        }
        if (first == timeline.length - 1 && timeline[first].reset && timeline[first].from <= watermark) {
            return null;
        }
        return first == 0 ? timeline : Arrays.copyOfRange(timeline, first, timeline.length);
    }

    /** The earliest time after {@code now} at which another version applies, or {@code Long.MAX_VALUE}. */
    static long nextChange(SettingsVersion[] timeline, long now) {
        if (timeline != null) {
            for (SettingsVersion v : timeline) {
                if (v.from > now) {
                    return v.from;
                }
            }
        }
        return Long.MAX_VALUE;
    }
}
