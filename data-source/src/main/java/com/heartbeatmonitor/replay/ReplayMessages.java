package com.heartbeatmonitor.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.generator.GeneratedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns recorded readings into contract messages. The {@code event_id} is a name-based UUID (version 3)
 * of the source, the customer id and the reading's original recorded time, so replaying a recording again,
 * at any speed or alignment, sends the same ids and the job stores nothing twice.
 *
 * @param source names the data set, e.g. {@code e4}; part of every event id
 * @param customerPrefix put before every person id to make the customer id
 * @param shift added to every recorded time (see {@link Alignment})
 * @param personShifts added instead to the recorded times of the people in it (each aligned on their own)
 */
public record ReplayMessages(String source, String customerPrefix, Duration shift, Map<String, Duration> personShifts) {

    public ReplayMessages {
        personShifts = Map.copyOf(personShifts);
    }

    /** One shift for everyone. */
    public ReplayMessages(String source, String customerPrefix, Duration shift) {
        this(source, customerPrefix, shift, Map.of());
    }

    /** The shift of {@code person}'s readings. */
    public Duration shift(String person) {
        return personShifts.getOrDefault(person, shift);
    }

    /** The timestamp {@code reading} is sent with: its recorded time, shifted. */
    public Instant timestamp(Reading reading) {
        return reading.time().plus(shift(reading.person()));
    }

    /**
     * The Kafka record time of {@code reading}'s message sent at {@code now}: the (shifted) time the reading was
     * taken, as if the device had sent it then, so the job's event-age check holds for every reading of a recording
     * however long it is. Never after {@code now}: nothing is sent from the future, and a reading ahead of the
     * clock is checked against the clock (TIMESTAMP_IN_FUTURE beyond the job's skew), as a live device's would be.
     */
    public Instant recordTime(Reading reading, Instant now) {
        Instant taken = timestamp(reading);
        return taken.isAfter(now) ? now : taken;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public String customerId(Reading reading) {
        return customerPrefix + reading.person();
    }

    /** The id of {@code reading}: independent of shift and speed. */
    public String eventId(Reading reading) {
        return eventId(source, customerId(reading), reading);
    }

    static String eventId(String source, String customerId, Reading reading) {
        String name = source + '\n' + customerId + '\n' + reading.time().toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The message for {@code reading}, its timestamp moved by the shift. */
    public GeneratedMessage message(Reading reading) {
        String customerId = customerId(reading);
        String eventId = eventId(source, customerId, reading);
        Instant timestamp = timestamp(reading);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", eventId);
        fields.put("customer_id", customerId);
        fields.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        fields.put("heart_rate", reading.heartRate());
        try {
            return new GeneratedMessage(
                    customerId, eventId, timestamp, reading.heartRate(), null, JSON.writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a map of strings and numbers", e);
        }
    }
}
