package com.heartbeatmonitor.local.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;

/** The generator sending into Kafka, timed from the first message to the last acknowledgement. */
final class GeneratorLoad {

    /** What was sent and how fast; {@code failed} messages were not acknowledged by the broker. */
    record Result(long sent, long invalid, long failed, double seconds) {
        @JsonProperty
        double perSecond() {
            return sent / seconds;
        }
    }

    private GeneratorLoad() {}

    static Result send(String bootstrapServers, String topic, GeneratorSettings settings, GeneratorRun.Limits limits,
            KafkaPublisher.AckListener listener) {
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, topic, listener)) {
            GeneratorRun run = new GeneratorRun(new HeartbeatGenerator(settings), publisher, limits, null);
            long start = System.nanoTime();
            run.run(); // returns once every message is acknowledged or failed
            double seconds = (System.nanoTime() - start) / 1e9;
            if (publisher.failed() > 0) {
                throw new IllegalStateException(publisher.failed() + " messages were not acknowledged: "
                        + publisher.lastError());
            }
            return new Result(run.sent(), run.invalid(), publisher.failed(), seconds);
        }
    }
}
