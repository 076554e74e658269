package com.heartbeatmonitor.job.records;

/**
 * An accepted message of the settings topic: a customer's new settings, or {@code reset} (a tombstone: back to the
 * deployment's defaults, every other field null). One row of {@code customer_settings_history} and the new
 * {@code customer_settings} row. Times in epoch ms: {@code effectiveAt} as asked (the message's field, else its Kafka
 * timestamp), {@code appliedFrom} when it took effect: {@code effectiveAt}, or the first event time after the
 * watermark when the message arrived after the watermark had passed {@code effectiveAt}; {@code messageTime} is the
 * Kafka record's timestamp. Null bpm, durations and profile: the deployment's default.
 */
public record SettingsChange(
        String customerId,
        long version,
        boolean reset,
        Integer highBpm,
        Integer lowBpm,
        String profile,
        Long sustainMs,
        Long exertionSustainMs,
        Long pausedUntil,
        String timeZone,
        String settingsJson,
        long effectiveAt,
        long appliedFrom,
        int kafkaPartition,
        long kafkaOffset,
        long messageTime) {

    /** This change, applied from {@code from}. */
    public SettingsChange appliedFrom(long from) {
        return new SettingsChange(
                customerId,
                version,
                reset,
                highBpm,
                lowBpm,
                profile,
                sustainMs,
                exertionSustainMs,
                pausedUntil,
                timeZone,
                settingsJson,
                effectiveAt,
                from,
                kafkaPartition,
                kafkaOffset,
                messageTime);
    }
}
