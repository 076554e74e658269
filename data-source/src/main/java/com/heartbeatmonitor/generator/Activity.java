package com.heartbeatmonitor.generator;

import java.util.Locale;

/**
 * What the wearer is doing, as a device with a motion sensor reports it: the optional {@code activity}
 * field of the event contract. Absent means unknown; the wire form is the lower-case name.
 */
public enum Activity {
    REST,
    ACTIVE,
    SLEEP;

    /** The contract's value: {@code rest}, {@code active} or {@code sleep}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The activity a contract value names ({@code rest}, {@code active}, {@code sleep}, any case); an empty
     * text is unknown (null). Anything else is an error naming the allowed values.
     */
    public static Activity parse(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            return null;
        }
        for (Activity activity : values()) {
            if (activity.wireName().equalsIgnoreCase(value)) {
                return activity;
            }
        }
        throw new IllegalArgumentException("activity '" + value + "' is none of rest, active, sleep (or empty)");
    }
}
