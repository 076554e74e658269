package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import java.time.Instant;

/**
 * The wide catch-up's pre-load: {@code events} generated messages over {@code customers}, sent into a lane's topic
 * as fast as Kafka takes them, for the job to catch up with. wide sends it into its lane; history-catchup sends the
 * same into its own, on top of a history, so both measure one catch-up.
 */
record WideLoad(long events, int customers) {

    /** Simulated rate of the pre-load: its event time spans events / this many seconds. */
    static final double EVENTS_PER_SECOND = 20_000;

    private static final long SEED = 42;
    /** The last reading this long before the send starts, so none is ahead of its Kafka record's time. */
    private static final long MARGIN_SECONDS = 60;

    /** Event time of the first reading when sent now. */
    Instant start() {
        return Instant.now().minusSeconds((long) (events / EVENTS_PER_SECOND) + MARGIN_SECONDS);
    }

    /** Sends the pre-load, its first reading at {@code start}; {@code scenario} names it in the log. */
    GeneratorLoad.Result send(Stage stage, String scenario, Lane lane, Instant start) {
        Benchmark.step(
                "%s: generator: %,d events, %,d customers, into Kafka as fast as it can", scenario, events, customers);
        GeneratorLoad.Result generator = stage.preload(
                lane,
                new GeneratorSettings(
                        customers,
                        EVENTS_PER_SECOND,
                        start,
                        SEED,
                        stage.common().invalidShare,
                        SimulationProfile.DEFAULT),
                events);
        Benchmark.step("  %,.0f events/s", generator.perSecond());
        return generator;
    }
}
