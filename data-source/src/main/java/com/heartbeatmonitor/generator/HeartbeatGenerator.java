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
 * Deterministic source of heart-rate readings for many customers living their daily lives (see
 * {@link SimulationProfile}). Each customer's device reads on its own clock; the generator merges them
 * in event-time order (a heap by next due time, ties by customer index). Each customer draws from its
 * own seeded random stream and the messages from another, so the same settings always produce the same
 * messages in the same order.
 *
 * <p>Two ways out: {@link #next()} builds the Kafka message (event id, JSON, now and then an invalid
 * one) for load and pipeline runs; {@link #nextReading()} and {@link #forEachReading(Instant, Consumer)}
 * hand out bare {@link Reading}s without building messages, for evaluators that feed a detector
 * directly (millions of readings per second). Both advance the same simulation; do not mix them if
 * the message stream must be reproducible.
 */
public final class HeartbeatGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InvalidKind[] INVALID_KINDS = InvalidKind.values();

    private final GeneratorSettings settings;
    /** Draws of the messages (event ids, invalid ones); customers have their own streams. */
    private final SplittableRandom random;

    private final CustomerSimulator[] customers;
    /** Customer indices as a binary min-heap on (due time, index); {@code dueAt} beside it, for locality. */
    private final int[] heap;

    private final long[] dueAt;
    private long lastMillis;

    public HeartbeatGenerator(GeneratorSettings settings, Consumer<AnomalyEpisode> episodeListener) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.lastMillis = settings.start().toEpochMilli();
        this.customers = new CustomerSimulator[settings.customers()];
        this.heap = new int[customers.length];
        this.dueAt = new long[customers.length];
        for (int i = 0; i < customers.length; i++) {
            customers[i] = new CustomerSimulator(customerId(i), i, settings, random.split(), episodeListener);
            heap[i] = i;
            dueAt[i] = customers[i].due();
        }
        for (int i = heap.length / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    public HeartbeatGenerator(GeneratorSettings settings) {
        this(settings, episode -> {});
    }

    public static String customerId(int index) {
        return String.format("customer-%05d", index + 1);
    }

    /**
     * Ends the simulation at the time of the last reading handed out: episodes started by then are
     * reported, those still under way as ending then.
     */
    public void finish() {
        Instant now = Instant.ofEpochMilli(lastMillis);
        for (CustomerSimulator customer : customers) {
            customer.finish(now);
        }
    }

    /** The next message, in event-time order. */
    public GeneratedMessage next() {
        return message(nextReading());
    }

    /** The next reading, in event-time order, without building a message: the evaluators' fast path. */
    public Reading nextReading() {
        CustomerSimulator customer = customers[heap[0]];
        long at = customer.due();
        int heartRate = customer.read();
        dueAt[0] = customer.due();
        siftDown(0);
        lastMillis = at;
        return new Reading(customer.customerId(), at, heartRate, customer.activity());
    }

    /** Hands every reading before {@code until} to {@code consumer}, in event-time order (the fast path). */
    public void forEachReading(Instant until, Consumer<? super Reading> consumer) {
        long end = until.toEpochMilli();
        while (dueAt[0] < end) {
            consumer.accept(nextReading());
        }
    }

    /** Restores the heap after the item at {@code position} got a later due time. */
    private void siftDown(int position) {
        int item = heap[position];
        long due = dueAt[position];
        int size = heap.length;
        int half = size / 2;
        while (position < half) {
            int child = 2 * position + 1;
            int right = child + 1;
            if (right < size && before(dueAt[right], heap[right], dueAt[child], heap[child])) {
                child = right;
            }
            if (before(due, item, dueAt[child], heap[child])) {
                break;
            }
            heap[position] = heap[child];
            dueAt[position] = dueAt[child];
            position = child;
        }
        heap[position] = item;
        dueAt[position] = due;
    }

    private static boolean before(long dueA, int a, long dueB, int b) {
        return dueA < dueB || (dueA == dueB && a < b);
    }

    private GeneratedMessage message(Reading reading) {
        String customerId = reading.customerId();
        Instant timestamp = Instant.ofEpochMilli(reading.epochMillis());
        int heartRate = reading.heartRate();
        String eventId = new UUID(
                        (random.nextLong() & ~0xF000L) | 0x4000L, // version 4
                        (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L) // IETF variant
                .toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", eventId);
        fields.put("customer_id", customerId);
        fields.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        fields.put("heart_rate", heartRate);
        if (reading.activity() != null) {
            fields.put("activity", reading.activity().wireName());
        }
        InvalidKind invalid = random.nextDouble() < settings.invalidShare()
                ? INVALID_KINDS[random.nextInt(INVALID_KINDS.length)]
                : null;
        Object body = invalid == null ? fields : InvalidMessages.corrupt(invalid, fields, random);
        return new GeneratedMessage(
                customerId, eventId, timestamp, heartRate, reading.activity(), invalid, toBytes(body));
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
