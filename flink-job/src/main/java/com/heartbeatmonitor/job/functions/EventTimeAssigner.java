package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.ParsedMessage;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time of a message is the reading's timestamp. A rejection has none, so it gets the smallest
 * possible one, which can never move a watermark.
 */
public final class EventTimeAssigner implements SerializableTimestampAssigner<ParsedMessage> {

    @Override
    public long extractTimestamp(ParsedMessage message, long kafkaTimestamp) {
        return message.isValid() ? message.reading().timestamp() : Long.MIN_VALUE;
    }
}
