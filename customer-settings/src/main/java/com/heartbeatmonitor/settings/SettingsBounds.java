package com.heartbeatmonitor.settings;

import java.io.Serializable;
import java.time.Duration;

/**
 * What a customer may choose, per deployment. The defaults are the range Apple Watch offers its wearers (high-rate
 * notification 100-150 bpm, low 40-50 bpm; Apple Support, "Heart rate notifications on your Apple Watch");
 * sustain times from 10 s (a bedside monitor's fastest alarm delay) to a day.
 */
public record SettingsBounds(int highMin, int highMax, int lowMin, int lowMax) implements Serializable {

    public static final int DEFAULT_HIGH_MIN = 100;
    public static final int DEFAULT_HIGH_MAX = 150;
    public static final int DEFAULT_LOW_MIN = 40;
    public static final int DEFAULT_LOW_MAX = 50;
    public static final SettingsBounds DEFAULT =
            new SettingsBounds(DEFAULT_HIGH_MIN, DEFAULT_HIGH_MAX, DEFAULT_LOW_MIN, DEFAULT_LOW_MAX);

    public static final Duration MIN_SUSTAIN = Duration.ofSeconds(10);
    public static final Duration MAX_SUSTAIN = Duration.ofDays(1);
    /**
     * A customer's escalation delay (the notifier's wait before paging the next contact): at least a minute, so
     * the first contact has time to answer, and at most four hours, past which nobody is being escalated to.
     */
    public static final Duration MIN_ESCALATE_AFTER = Duration.ofMinutes(1);

    public static final Duration MAX_ESCALATE_AFTER = Duration.ofHours(4);

    public SettingsBounds {
        if (highMin < 1 || lowMin < 1 || highMin > highMax || lowMin > lowMax) {
            throw new IllegalArgumentException("settings bounds must be positive ranges (min <= max): high " + highMin
                    + "-" + highMax + ", low " + lowMin + "-" + lowMax);
        }
    }
}
