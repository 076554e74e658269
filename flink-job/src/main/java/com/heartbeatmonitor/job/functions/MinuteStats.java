package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Count, min, max and sum of a window's heart rates, kept incrementally (one accumulator per window). */
public final class MinuteStats
        implements AggregateFunction<ClassifiedReading, MinuteStats.Accumulator, MinuteStats.Accumulator> {

    /** Flink POJO accumulator. */
    public static class Accumulator {
        public int count;
        public int min = Integer.MAX_VALUE;
        public int max = Integer.MIN_VALUE;
        public long sum;

        public Accumulator() {}
    }

    @Override
    public Accumulator createAccumulator() {
        return new Accumulator();
    }

    @Override
    public Accumulator add(ClassifiedReading classified, Accumulator acc) {
        int bpm = classified.reading().heartRate();
        acc.count++;
        acc.min = Math.min(acc.min, bpm);
        acc.max = Math.max(acc.max, bpm);
        acc.sum += bpm;
        return acc;
    }

    @Override
    public Accumulator getResult(Accumulator acc) {
        return acc;
    }

    @Override
    public Accumulator merge(Accumulator a, Accumulator b) {
        a.count += b.count;
        a.min = Math.min(a.min, b.min);
        a.max = Math.max(a.max, b.max);
        a.sum += b.sum;
        return a;
    }
}
