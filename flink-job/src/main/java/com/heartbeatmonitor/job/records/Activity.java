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

    /** {@link #code} of an unknown activity. */
    public static final byte UNKNOWN_CODE = 0;

    private static final Activity[] BY_CODE = values();

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

    /**
     * One byte for a possibly unknown activity, as the pending readings keep it in state and a reading crosses the
     * network: {@link #UNKNOWN_CODE} for null, else 1 + the ordinal. Constants are only ever added at the end.
     */
    public static byte code(Activity activity) {
        return activity == null ? UNKNOWN_CODE : (byte) (activity.ordinal() + 1);
    }

    /** The activity of a {@link #code}; null for {@link #UNKNOWN_CODE}. */
    public static Activity ofCode(byte code) {
        return code == UNKNOWN_CODE ? null : BY_CODE[code - 1];
    }
}
