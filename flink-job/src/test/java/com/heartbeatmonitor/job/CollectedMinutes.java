package com.heartbeatmonitor.job;

import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.sinks.MinuteBatch;
import java.util.ArrayList;
import java.util.List;

/** The rollups in the batches a test's heartbeat_minutes sink collected, one by one, in the order they were batched. */
final class CollectedMinutes {

    private CollectedMinutes() {}

    static List<MinuteRollup> of(CollectingSink<MinuteBatch> sink) {
        List<MinuteRollup> rollups = new ArrayList<>();
        for (MinuteBatch batch : sink.collected()) {
            for (int i = 0; i < batch.size(); i++) {
                rollups.add(new MinuteRollup(
                        batch.customerIds()[i],
                        batch.minutes()[i],
                        batch.readings()[i],
                        batch.minBpms()[i],
                        batch.maxBpms()[i],
                        batch.avgBpms()[i]));
            }
        }
        return rollups;
    }
}
