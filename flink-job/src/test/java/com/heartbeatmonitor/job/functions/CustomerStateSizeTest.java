package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.SerializedSize;
import com.heartbeatmonitor.job.records.SettingsChange;
import org.junit.jupiter.api.Test;

/** What per-customer settings add to a customer's keyed state, serialized: the README's numbers. */
class CustomerStateSizeTest {

    @Test
    void aCustomerWithoutSettingsKeepsOneNullMarkerAndOneWithSettingsAFewDozenBytes() throws Exception {
        CustomerState without = new CustomerState();
        CustomerState with = new CustomerState();
        with.settings = SettingsTimeline.add(null, SettingsVersion.of(change(130, 45, null), 1_000L));
        CustomerState pending = new CustomerState();
        pending.settings = SettingsTimeline.add(with.settings, SettingsVersion.of(change(125, null, 2_000L), 2_000L));

        int withoutBytes = size(without);
        int withBytes = size(with);
        int pendingBytes = size(pending);
        System.out.printf(
                "customer state: %d bytes without settings, %d with settings (+%d), %d with a change pending (+%d)%n",
                withoutBytes, withBytes, withBytes - withoutBytes, pendingBytes, pendingBytes - withoutBytes);
        assertThat(withBytes - withoutBytes).isBetween(1, 80);
        assertThat(pendingBytes - withBytes).isBetween(1, 80);
    }

    @Test
    void theLastFourEventIdsAddAboutThirtyBytesEach() throws Exception {
        CustomerState recent = new CustomerState();
        for (int i = 0; i < RecentEventIds.KEPT + 2; i++) {
            recent.recentIds().remember(RecentEventIds.fingerprint(i, -i), 1_000L * i, 1, 100L + i);
        }
        int added = size(recent) - size(new CustomerState());
        System.out.printf("customer state: +%d bytes for the last %d event_ids%n", added, RecentEventIds.KEPT);
        // 28 bytes a reading (fingerprint, time, offset, partition) and the four arrays' lengths.
        assertThat(added).isBetween(RecentEventIds.KEPT * 28, RecentEventIds.KEPT * 28 + 24);
    }

    private static SettingsChange change(Integer high, Integer low, Long pausedUntil) {
        return new SettingsChange(
                "c", 1, false, high, low, null, null, null, pausedUntil, "Europe/Berlin", "{}", 0, 0, 0, 0, 0);
    }

    private static int size(CustomerState state) throws Exception {
        return SerializedSize.of(CustomerState.class, state);
    }
}
