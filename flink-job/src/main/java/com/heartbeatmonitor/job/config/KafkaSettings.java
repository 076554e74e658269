package com.heartbeatmonitor.job.config;

import java.io.Serializable;

/** Where the job reads readings from and publishes alert events to. */
public record KafkaSettings(String bootstrapServers, String topic, String groupId, String alertsTopic)
        implements Serializable {}
