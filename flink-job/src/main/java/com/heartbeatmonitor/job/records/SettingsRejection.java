package com.heartbeatmonitor.job.records;

import com.heartbeatmonitor.settings.SettingsRejectReason;

/**
 * A message of the settings topic that was not taken, one row of {@code rejected_settings}: the customer's previous
 * settings stay. Identified by its Kafka coordinates (in the job's settings topic), so a replay stores it once.
 * {@code customerId} is the record's key (null without one), {@code version} the one it asked for when known.
 */
public record SettingsRejection(
        String customerId,
        Long version,
        SettingsRejectReason reason,
        String detail,
        String payloadPreview,
        int kafkaPartition,
        long kafkaOffset,
        long messageTime) {}
