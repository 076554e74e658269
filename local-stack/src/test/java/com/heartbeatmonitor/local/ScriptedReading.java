package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.InvalidKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One hand-written reading of a scripted test customer. Its event_id is derived from customer and
 * second, so sending the script again sends the very same messages.
 */
final class ScriptedReading {

    private ScriptedReading() {}

    /** The reading {@code second} seconds after {@code start}; {@code kind} is null for a valid one. */
    static GeneratedMessage at(Instant start, String customer, int second, int bpm, InvalidKind kind) {
        Instant at = start.plusSeconds(second);
        String eventId = UUID.nameUUIDFromBytes((customer + "@" + second).getBytes(StandardCharsets.UTF_8))
                .toString();
        String json = String.format(
                "{\"event_id\":\"%s\",\"customer_id\":\"%s\",\"timestamp\":\"%s\",\"heart_rate\":%d}",
                eventId, customer, at, bpm);
        return new GeneratedMessage(customer, eventId, at, bpm, kind, json.getBytes(StandardCharsets.UTF_8));
    }
}
