package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.Activity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingReadingsTest {

    @Test
    void readingsComeOutInEventTimeOrderAndSameTimeReadingsInArrivalOrder() {
        PendingReadings pending = new PendingReadings();
        long[][] arrivals = {{5, 50}, {3, 30}, {9, 90}, {3, 31}, {1, 10}, {7, 70}, {12, 120}};
        for (long[] a : arrivals) {
            pending.add(a[0], (int) a[1], null);
        }
        List<Long> out = new ArrayList<>();
        pending.drain(7, (time, bpm, activity) -> out.add(time * 1000 + bpm));

        assertThat(out).containsExactly(1010L, 3030L, 3031L, 5050L, 7070L);
        assertThat(pending.size).isEqualTo(2);
        assertThat(pending.first()).isEqualTo(9);
    }

    @Test
    void aLongBacklogDrainsInOnePass() {
        PendingReadings pending = new PendingReadings();
        for (int i = 0; i < 100_000; i++) {
            pending.add(i, 70, null);
        }
        int[] seen = {0};
        pending.drain(49_999, (time, bpm, activity) -> seen[0]++);

        assertThat(seen[0]).isEqualTo(50_000);
        assertThat(pending.first()).isEqualTo(50_000);
        assertThat(pending.isEmpty()).isFalse();
    }

    @Test
    void eachReadingKeepsItsActivityAndStateFromBeforeActivityReadsAsUnknown() {
        PendingReadings pending = new PendingReadings();
        pending.add(2, 120, Activity.ACTIVE);
        pending.add(1, 60, Activity.SLEEP);
        pending.add(3, 130, null);
        List<Activity> out = new ArrayList<>();
        pending.drain(3, (time, bpm, activity) -> out.add(activity));
        assertThat(out).containsExactly(Activity.SLEEP, Activity.ACTIVE, null);

        // as restored from a savepoint of the release before activity: readings, no activities
        PendingReadings restored = new PendingReadings();
        restored.times = new long[] {5, 6, 0, 0};
        restored.heartRates = new int[] {70, 71, 0, 0};
        restored.size = 2;
        restored.activities = null;
        restored.add(7, 72, Activity.REST);
        List<String> drained = new ArrayList<>();
        restored.drain(7, (time, bpm, activity) -> drained.add(time + ":" + activity));
        assertThat(drained).containsExactly("5:null", "6:null", "7:REST");
    }
}
