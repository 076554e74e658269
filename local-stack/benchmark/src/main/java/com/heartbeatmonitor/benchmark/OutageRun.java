package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.local.FlinkRest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * After an outage: the job runs on a steady generator stream, is stopped with a savepoint (as an
 * operator does for an upgrade), stays down while the generator goes on, and is resumed from the
 * savepoint. Measured: the time from the resubmission until every message produced up to then is one
 * row (a reading or a rejection), and the latency of the alerts that reached the alerts topic in that
 * time (from the Kafka timestamp of each one's completing reading).
 */
final class OutageRun {

    /** The scenario's job on the cluster. */
    interface Jobs {
        /** Starts the job, from a savepoint unless it is null; returns its id. */
        String submit(String savepoint) throws Exception;

        void cancel(String job) throws Exception;
    }

    /**
     * {@code backlog}: messages produced while the job was stopped; {@code catchUp}: all messages
     * produced up to the restart, timed from the restart; {@code alertLatency}: alerts sent from the
     * restart until the job had caught up.
     */
    record Result(
            double rate,
            double outageSeconds,
            long backlog,
            CatchUp.Result catchUp,
            Percentiles alertLatency,
            long unmatchedAlerts) {
        /** How fast the backlog went: it had to be worked through in the catch-up time. */
        @JsonProperty
        double backlogPerSecond() {
            return backlog / catchUp.seconds();
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(20);
    /** After catching up: time for the alerts topic's last records to reach the watch. */
    private static final Duration ALERT_SETTLE = Duration.ofSeconds(2);

    private OutageRun() {}

    static Result run(
            String bootstrapServers,
            String topic,
            String alertsTopic,
            String groupId,
            GeneratorSettings settings,
            Duration warmUp,
            Duration outage,
            Admin kafka,
            FlinkRest flink,
            Connection db,
            Jobs jobs)
            throws Exception {
        // The generator runs through the warm-up, the outage and the catch-up after it: twice the first two.
        SentReadings readings = new SentReadings(settings, warmUp.plus(outage).multipliedBy(2));
        try (AlertWatch alerts = AlertWatch.start(bootstrapServers, alertsTopic)) {
            String job = jobs.submit(null);
            flink.awaitTasksRunning(job, RUNNING_TIMEOUT);
            try (GeneratorLoad.Background generator =
                    GeneratorLoad.start(bootstrapServers, topic, settings, readings)) {
                Thread.sleep(warmUp.toMillis());
                requireNoFailure(flink, job);

                Instant stopped = Instant.now();
                Map<TopicPartition, Long> atStop = CatchUp.endOffsets(kafka, topic);
                String savepoint = flink.stopWithSavepoint(job, STOP_TIMEOUT);
                Thread.sleep(Math.max(
                        0, Duration.between(Instant.now(), stopped.plus(outage)).toMillis()));

                Instant restarted = Instant.now();
                Map<TopicPartition, Long> atRestart = CatchUp.endOffsets(kafka, topic);
                String resumed = jobs.submit(savepoint);
                CatchUp.Result catchUp =
                        CatchUp.awaitUpTo(kafka, atRestart, groupId, db, restarted, CATCH_UP_TIMEOUT, flink, resumed);
                if (!catchUp.accounted()) {
                    throw new IllegalStateException(String.format(
                            "accounting failed after the outage: %d messages up to"
                                    + " the restart, %d stored, %d rejected",
                            catchUp.messages(), catchUp.stored(), catchUp.rejected()));
                }
                Thread.sleep(ALERT_SETTLE.toMillis()); // the watch reads the last alerts sent before catching up
                GeneratorLoad.Result sent = generator.stop();
                long caughtUp = restarted.toEpochMilli() + Math.round(catchUp.seconds() * 1000);
                AlertWatch.Latencies latency =
                        alerts.latencies(readings, AlertWatch.By.ALERT_SENT, restarted.toEpochMilli(), caughtUp);
                jobs.cancel(resumed);
                return new Result(
                        sent.perSecond(),
                        Duration.between(stopped, restarted).toMillis() / 1e3,
                        CatchUp.total(atRestart) - CatchUp.total(atStop),
                        catchUp,
                        latency.percentiles(),
                        latency.unmatched());
            }
        }
    }

    private static void requireNoFailure(FlinkRest flink, String job) throws Exception {
        if (flink.failures(job) > 0) {
            throw new IllegalStateException("job " + job + " failed: " + flink.exceptions(job));
        }
    }
}
