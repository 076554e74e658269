package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.MinuteRollup;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's statistics into the customer's row for that minute. */
public final class EmitMinuteRollup
        extends ProcessWindowFunction<MinuteStats.Accumulator, MinuteRollup, String, TimeWindow> {

    @Override
    public void process(String customer, Context ctx, Iterable<MinuteStats.Accumulator> stats,
            Collector<MinuteRollup> out) {
        MinuteStats.Accumulator acc = stats.iterator().next();
        out.collect(new MinuteRollup(customer, ctx.window().getStart(), acc.count, acc.min, acc.max,
                (double) acc.sum / acc.count));
    }
}
