package com.heartbeatmonitor.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a condition becomes an alert, all in event time. Defaults and their clinical reasons:
 *
 * <ul>
 *   <li>{@code tachycardiaAbove} 100 and {@code bradycardiaBelow} 50 bpm: the resting adult range is
 *       60-100 bpm; below 50 is used (not 60) because rates in the 50s are common in fit people and in
 *       sleep, as wearable vendors do for their low-rate notifications.
 *   <li>{@code sustain} 30 s: every reading must stay beyond the threshold this long. Wearables notify
 *       only after a condition persists; single readings are noisy (motion, poor skin contact).
 *   <li>{@code spikeDelta} 40 bpm between consecutive readings at most {@code spikeMaxGap} 5 s apart:
 *       a jump the heart does not make in seconds at rest; a sensor fault or an acute event either way.
 *   <li>{@code signalLostAfter} 30 s without a reading while the stream's watermark moves on.
 *   <li>{@code closeAfter} 10 s: an episode ends when its condition has been absent this long, so one
 *       normal reading inside an episode does not split it in two.
 *   <li>{@code customerRetention} 2 h: a customer silent this long is forgotten (state and timers
 *       cleared); an open SIGNAL_LOST alert then ends as EXPIRED.
 * </ul>
 */
public record DetectionSettings(
        int tachycardiaAbove,
        int bradycardiaBelow,
        Duration sustain,
        int spikeDelta,
        Duration spikeMaxGap,
        Duration signalLostAfter,
        Duration closeAfter,
        Duration customerRetention)
        implements Serializable {

    public static final DetectionSettings DEFAULT = new DetectionSettings(100, 50, Duration.ofSeconds(30), 40,
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(2));

    public DetectionSettings {
        if (bradycardiaBelow >= tachycardiaAbove) {
            throw new IllegalArgumentException("bradycardia threshold (" + bradycardiaBelow
                    + ") must be below the tachycardia threshold (" + tachycardiaAbove + ")");
        }
        if (spikeDelta < 1) {
            throw new IllegalArgumentException("spike delta must be at least 1 bpm, got " + spikeDelta);
        }
        if (customerRetention.compareTo(signalLostAfter.plus(closeAfter)) <= 0) {
            throw new IllegalArgumentException("customer state retention (" + customerRetention
                    + ") must be longer than signal-lost-after plus episode-close-after");
        }
    }
}
