package com.heartbeatmonitor.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-byte code of an activity is what the pending readings keep in state: it must never change. */
class ActivityTest {

    @Test
    void theCodeIsZeroForUnknownAndOnePlusTheOrdinalOtherwiseAndReadsBack() {
        assertThat(Activity.code(null)).isEqualTo((byte) 0);
        assertThat(Activity.ofCode((byte) 0)).isNull();
        assertThat(Activity.code(Activity.REST)).isEqualTo((byte) 1);
        for (Activity activity : Activity.values()) {
            assertThat(Activity.code(activity)).isEqualTo((byte) (activity.ordinal() + 1));
            assertThat(Activity.ofCode(Activity.code(activity))).isSameAs(activity);
        }
    }
}
