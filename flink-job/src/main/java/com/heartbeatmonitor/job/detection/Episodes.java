package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.records.Severity;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

/** How every rule's episodes become alert events: opening, escalating, closing, and their severity and id. */
final class Episodes implements Serializable {

    private final RiskBands bands;

    Episodes(RiskBands bands) {
        this.bands = bands;
    }

    /** A new episode, announced as OPEN. */
    Episode open(
            String customer,
            AlertType type,
            long start,
            long detectedAt,
            int peak,
            int readings,
            Severity severity,
            Consumer<AlertEvent> out) {
        Episode episode = new Episode(start, detectedAt, peak, readings, severity);
        out.accept(event(customer, type, episode, AlertStatus.OPEN, null));
        return episode;
    }

    /** Counts one more reading in an open episode and escalates it when its peak has become more severe. */
    void extend(String customer, AlertType type, Episode episode, long ts, int peak, Consumer<AlertEvent> out) {
        episode.lastSeen = ts;
        episode.readings++;
        episode.peak = peak;
        Severity now = severity(peak);
        if (now.compareTo(episode.severity) > 0) {
            episode.severity = now;
            episode.revision++;
            out.accept(event(customer, type, episode, AlertStatus.OPEN, null));
        }
    }

    /** Ends an episode ({@code status} CLOSED or EXPIRED at {@code endedAt}); returns null, the episode's new state. */
    Episode end(
            String customer,
            AlertType type,
            Episode episode,
            AlertStatus status,
            long endedAt,
            Consumer<AlertEvent> out) {
        episode.revision++;
        out.accept(event(customer, type, episode, status, endedAt));
        return null;
    }

    /** Closes an episode whose condition has been absent for {@code closeAfter}; returns what to keep. */
    Episode closeIfAbsent(
            String customer, AlertType type, Episode episode, long now, long closeAfter, Consumer<AlertEvent> out) {
        if (episode == null || now < episode.lastSeen + closeAfter) {
            return episode;
        }
        return end(customer, type, episode, AlertStatus.CLOSED, episode.lastSeen, out);
    }

    Severity severity(int peak) {
        return bands.classify(peak) == RiskLevel.CRITICAL ? Severity.CRITICAL : Severity.HIGH;
    }

    /** Of two readings, the one further outside the NORMAL band (the newer on a tie). */
    int riskier(int newer, int older) {
        return outsideNormal(older) > outsideNormal(newer) ? older : newer;
    }

    private int outsideNormal(int bpm) {
        return Math.max(Math.max(bands.elevatedBelow() - bpm, bpm - bands.elevatedAbove()), 0);
    }

    /** Same customer, type and start: same id, so replays update the same row instead of adding one. */
    static String alertId(String customer, AlertType type, long start) {
        return UUID.nameUUIDFromBytes((customer + "/" + type + "/" + start).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static AlertEvent event(String customer, AlertType type, Episode e, AlertStatus status, Long endedAt) {
        return new AlertEvent(
                alertId(customer, type, e.start),
                customer,
                type,
                e.severity,
                status,
                e.start,
                e.detectedAt,
                endedAt,
                type == AlertType.SIGNAL_LOST ? null : e.peak,
                e.readings,
                e.revision);
    }
}
