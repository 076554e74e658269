package com.heartbeatmonitor.console.settings;

import com.heartbeatmonitor.admin.SettingsTopic;
import com.heartbeatmonitor.settings.InvalidSettingsException;
import java.time.Instant;
import org.springframework.stereotype.Component;
import picocli.CommandLine;

/**
 * Sends a customer's new settings to the settings topic exactly as {@code heartbeat-admin settings set} does: the
 * same {@link SettingsTopic} (broker, Kafka security, topic, threshold bounds, all from the same environment
 * variables), the current message read from the topic for the next version, the job's parser as the judge. The job
 * applies the message; the customer page shows it once applied.
 */
@Component
public class SettingsSender {

    private final SettingsTopic topic;

    public SettingsSender() {
        this(fromEnvironment());
    }

    SettingsSender(SettingsTopic topic) {
        this.topic = topic;
    }

    /** The topic's options as heartbeat-admin resolves them without flags: from their environment variables. */
    static SettingsTopic fromEnvironment() {
        SettingsTopic topic = new SettingsTopic();
        new CommandLine(topic).parseArgs();
        return topic;
    }

    /** Sends the form's settings; returns the message sent. Throws with the reason when the job would reject it. */
    public String send(String customer, SettingsForm form) throws InvalidSettingsException, Exception {
        String current = topic.current().get(customer);
        String json = form.nextMessage(customer, current, Instant.now(), topic.bounds());
        topic.send(customer, json);
        return json;
    }
}
