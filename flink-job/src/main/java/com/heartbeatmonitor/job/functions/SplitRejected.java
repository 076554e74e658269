package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectedMessage;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Readings go on; rejections leave through the {@link #REJECTED} side output. */
public final class SplitRejected extends ProcessFunction<ParsedMessage, HeartbeatReading> {

    public static final OutputTag<RejectedMessage> REJECTED = new OutputTag<>("rejected") {};

    @Override
    public void processElement(ParsedMessage message, Context ctx, Collector<HeartbeatReading> out) {
        if (message.isValid()) {
            out.collect(message.reading());
        } else {
            ctx.output(REJECTED, message.rejection());
        }
    }
}
