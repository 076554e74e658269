package com.heartbeatmonitor.job;

import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import java.util.ArrayList;
import java.util.List;

/** The readings in the batches a test's heartbeats sink collected, one by one, in the order they were batched. */
final class CollectedReadings {

    private CollectedReadings() {}

    static List<ClassifiedReading> of(CollectingSink<ReadingBatch> sink) {
        List<ClassifiedReading> readings = new ArrayList<>();
        for (ReadingBatch batch : sink.collected()) {
            for (int i = 0; i < batch.size(); i++) {
                HeartbeatReading reading = new HeartbeatReading(
                        batch.eventIds()[i],
                        batch.customerIds()[i],
                        batch.times()[i],
                        batch.heartRates()[i],
                        batch.partitions()[i],
                        batch.offsets()[i],
                        batch.activities()[i] == null ? null : Activity.fromJson(batch.activities()[i]));
                readings.add(
                        new ClassifiedReading(reading, RiskLevel.valueOf(batch.riskLevels()[i]), batch.lates()[i]));
            }
        }
        return readings;
    }
}
