package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectedMessage;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Readings go on; rejections leave through the {@link #REJECTED} side output and are counted in
 * {@value #REJECTED_MESSAGES_METRIC}, so the health dashboard and alerts see them without PostgreSQL.
 */
public final class SplitRejected extends ProcessFunction<ParsedMessage, HeartbeatReading> {

    public static final OutputTag<RejectedMessage> REJECTED = new OutputTag<>("rejected") {};
    public static final String REJECTED_MESSAGES_METRIC = "rejectedMessages";

    private transient Counter rejectedMessages;

    @Override
    public void open(OpenContext context) {
        rejectedMessages = getRuntimeContext().getMetricGroup().counter(REJECTED_MESSAGES_METRIC);
    }

    /** For tests: how many rejections this instance has passed on. */
    long rejectedCount() {
        return rejectedMessages.getCount();
    }

    @Override
    public void processElement(ParsedMessage message, Context ctx, Collector<HeartbeatReading> out) {
        if (message.isValid()) {
            out.collect(message.reading());
        } else {
            rejectedMessages.inc();
            ctx.output(REJECTED, message.rejection());
        }
    }
}
