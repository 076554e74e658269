package com.heartbeatmonitor.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Deterministic source of heart-rate messages for many customers. Customers take turns in a fixed
 * order; a silent device gives up its turn. Every decision draws from one seeded random stream, so the
 * same settings always produce the same messages in the same order.
 */
public final class HeartbeatGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InvalidKind[] INVALID_KINDS = InvalidKind.values();

    private final GeneratorSettings settings;
    private final SplittableRandom random;
    private final CustomerSimulator[] customers;
    private final long startMillis;
    private long slot;
    private int cursor;

    public HeartbeatGenerator(GeneratorSettings settings, Consumer<AnomalyEpisode> episodeListener) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.startMillis = settings.start().toEpochMilli();
        this.customers = new CustomerSimulator[settings.customers()];
        for (int i = 0; i < customers.length; i++) {
            customers[i] = new CustomerSimulator(customerId(i), random, settings.profile(), episodeListener);
        }
    }

    public HeartbeatGenerator(GeneratorSettings settings) {
        this(settings, episode -> {});
    }

    public static String customerId(int index) {
        return String.format("customer-%05d", index + 1);
    }

    /** Ends the simulation: episodes still under way are reported as ending at the current slot. */
    public void finish() {
        Instant now = slotTime();
        for (CustomerSimulator customer : customers) {
            customer.finish(now);
        }
    }

    /** The next message, stamped with the next time slot. */
    public GeneratedMessage next() {
        int skipped = 0;
        while (true) {
            Instant now = slotTime();
            CustomerSimulator customer = customers[cursor];
            cursor = (cursor + 1) % customers.length;
            if (customer.advanceTo(now, random)) {
                slot++;
                return message(customer.customerId(), now, customer.reading(random));
            }
            if (++skipped >= customers.length) {
                // Every device is silent: let time move on without a message.
                slot++;
                skipped = 0;
            }
        }
    }

    private Instant slotTime() {
        return Instant.ofEpochMilli(startMillis + Math.round(slot * 1000.0 / settings.eventsPerSecond()));
    }

    private GeneratedMessage message(String customerId, Instant timestamp, int heartRate) {
        String eventId = new UUID(
                        (random.nextLong() & ~0xF000L) | 0x4000L, // version 4
                        (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L) // IETF variant
                .toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", eventId);
        fields.put("customer_id", customerId);
        fields.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        fields.put("heart_rate", heartRate);
        InvalidKind invalid = random.nextDouble() < settings.invalidShare()
                ? INVALID_KINDS[random.nextInt(INVALID_KINDS.length)]
                : null;
        Object body = invalid == null ? fields : InvalidMessages.corrupt(invalid, fields, random);
        return new GeneratedMessage(customerId, eventId, timestamp, heartRate, invalid, toBytes(body));
    }

    private static byte[] toBytes(Object body) {
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a map of strings and numbers", e);
        }
    }
}
