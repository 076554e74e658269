package com.heartbeatmonitor.job.records;

import java.util.Locale;

/**
 * What the wearer is doing, when the device says: the optional {@code activity} of the event contract
 * ({@code "rest"}, {@code "active"}, {@code "sleep"}). Null where it is unknown. Vendors judge a high
 * rate only "while inactive" from their own motion data; this is how a device can pass that on.
 */
public enum Activity {
    REST,
    ACTIVE,
    SLEEP;

    /** Spelled once: every stored reading that has an activity binds it. */
    private final String json = name().toLowerCase(Locale.ROOT);

    /** The contract's spelling. */
    public String json() {
        return json;
    }

    /** The activity spelled {@code text} in the contract, or null when it is none of them. */
    public static Activity fromJson(String text) {
        for (Activity activity : values()) {
            if (activity.json().equals(text)) {
                return activity;
            }
        }
        return null;
    }
}
