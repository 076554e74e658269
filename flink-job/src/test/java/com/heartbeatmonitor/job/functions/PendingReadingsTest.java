package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingReadingsTest {

    @Test
    void readingsComeOutInEventTimeOrderAndSameTimeReadingsInArrivalOrder() {
        PendingReadings pending = new PendingReadings();
        long[][] arrivals = {{5, 50}, {3, 30}, {9, 90}, {3, 31}, {1, 10}, {7, 70}, {12, 120}};
        for (long[] a : arrivals) {
            pending.add(a[0], (int) a[1]);
        }
        List<Long> out = new ArrayList<>();
        pending.drain(7, (time, bpm) -> out.add(time * 1000 + bpm));

        assertThat(out).containsExactly(1010L, 3030L, 3031L, 5050L, 7070L);
        assertThat(pending.size).isEqualTo(2);
        assertThat(pending.first()).isEqualTo(9);
    }

    @Test
    void aLongBacklogDrainsInOnePass() {
        PendingReadings pending = new PendingReadings();
        for (int i = 0; i < 100_000; i++) {
            pending.add(i, 70);
        }
        int[] seen = {0};
        pending.drain(49_999, (time, bpm) -> seen[0]++);

        assertThat(seen[0]).isEqualTo(50_000);
        assertThat(pending.first()).isEqualTo(50_000);
        assertThat(pending.isEmpty()).isFalse();
    }
}
