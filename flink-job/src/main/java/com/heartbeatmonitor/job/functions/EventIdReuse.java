package com.heartbeatmonitor.job.functions;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.streaming.api.TimerService;

/**
 * The rejection of a reading whose event_id a reading of the same customer at another time already carries, worded
 * as the database words one it finds (sql/V11__batch_duplicate_check.sql): the first message's coordinates and
 * timestamp (its heart rate is not kept), and the rejected reading as parsed for its payload.
 */
final class EventIdReuse {

    private EventIdReuse() {}

    static RejectedMessage rejection(
            String topic, HeartbeatReading reading, RecentEventIds.First first, TimerService clock) {
        String parsed = "{\"event_id\":\"" + reading.eventId() + "\",\"customer_id\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(reading.customerId()))
                + "\",\"timestamp\":\"" + Instant.ofEpochMilli(reading.timestamp()) + "\",\"heart_rate\":"
                + reading.heartRate() + "}";
        String detail = "event_id " + reading.eventId() + " is already stored from " + topic + " partition "
                + first.partition() + " offset " + first.offset() + " as customer_id " + reading.customerId()
                + ", timestamp " + Instant.ofEpochMilli(first.time());
        return new RejectedMessage(
                topic,
                reading.kafkaPartition(),
                reading.kafkaOffset(),
                RejectReason.CONFLICTING_EVENT_ID,
                detail,
                parsed,
                parsed.getBytes(StandardCharsets.UTF_8).length,
                clock.currentProcessingTime(),
                // As the database's rejections: the reading's own time, the same on every replay.
                reading.timestamp());
    }
}
