package com.heartbeatmonitor.console.settings;

import java.time.Instant;

/**
 * A customer's settings as the job applied them (customer_settings): what the customer page's form starts from.
 * The JSON is the accepted message itself, contacts included.
 */
public record CurrentSettings(
        String customerId,
        long version,
        Integer highBpm,
        Integer lowBpm,
        String profile,
        Integer sustainSeconds,
        Integer exertionSustainSeconds,
        Instant pausedUntil,
        String timeZone,
        String json,
        Instant appliedFrom) {}
