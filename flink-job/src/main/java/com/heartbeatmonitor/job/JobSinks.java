package com.heartbeatmonitor.job;

import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.SettingsChange;
import com.heartbeatmonitor.job.records.SettingsRejection;
import com.heartbeatmonitor.job.sinks.AlertKafkaSink;
import com.heartbeatmonitor.job.sinks.Batches;
import com.heartbeatmonitor.job.sinks.MinuteBatch;
import com.heartbeatmonitor.job.sinks.PostgresSinks;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where each of the job's outputs goes (readings and minute rollups in batches, see {@link Batches}); tests pass their
 * own.
 */
public record JobSinks(
        Batches batches,
        Sink<ReadingBatch> readings,
        Sink<RejectedMessage> rejections,
        Sink<AlertEvent> alerts,
        Sink<AlertEvent> alertNotifications,
        Sink<MinuteBatch> minuteRollups,
        Sink<SettingsChange> currentSettings,
        Sink<SettingsChange> settingsHistory,
        Sink<SettingsRejection> settingsRejections) {

    /** PostgreSQL tables, and the alerts topic for notifications. */
    public static JobSinks production(JobOptions options) {
        return new JobSinks(
                PostgresSinks.batches(options.jdbc()),
                PostgresSinks.readings(options.jdbc(), options.kafka().topic()),
                PostgresSinks.rejections(options.jdbc()),
                PostgresSinks.alerts(options.jdbc()),
                AlertKafkaSink.create(options.kafka()),
                PostgresSinks.minuteRollups(options.jdbc()),
                PostgresSinks.currentSettings(options.jdbc()),
                PostgresSinks.settingsHistory(options.jdbc()),
                PostgresSinks.settingsRejections(options.jdbc()));
    }
}
