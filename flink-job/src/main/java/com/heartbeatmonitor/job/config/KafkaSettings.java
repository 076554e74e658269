package com.heartbeatmonitor.job.config;

import com.heartbeatmonitor.security.KafkaSecurity;
import java.io.Serializable;
import java.util.Properties;

/** Where the job reads readings from and publishes alert events to, and how it secures those connections. */
public record KafkaSettings(
        String bootstrapServers, String topic, String groupId, String alertsTopic, KafkaSecurity security)
        implements Serializable {

    /** Plaintext: the local stack's loopback-only broker. */
    public KafkaSettings(String bootstrapServers, String topic, String groupId, String alertsTopic) {
        this(bootstrapServers, topic, groupId, alertsTopic, KafkaSecurity.PLAINTEXT);
    }

    /** The security properties, for a client's configuration. */
    public Properties securityProperties() {
        return security.applyTo(new Properties());
    }
}
