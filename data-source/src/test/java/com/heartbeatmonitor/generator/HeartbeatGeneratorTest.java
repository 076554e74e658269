package com.heartbeatmonitor.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeartbeatGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void sameSeedGivesIdenticalMessagesAndAnotherSeedDoesNot() {
        List<GeneratedMessage> first = generate(settings(42, 0.05), 2_000, new ArrayList<>());
        List<GeneratedMessage> again = generate(settings(42, 0.05), 2_000, new ArrayList<>());
        List<GeneratedMessage> other = generate(settings(43, 0.05), 2_000, new ArrayList<>());

        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).payload()).isEqualTo(first.get(i).payload());
        }
        assertThat(other.get(0).payload()).isNotEqualTo(first.get(0).payload());
    }

    @Test
    void validMessagesFollowTheContract() throws Exception {
        Set<String> eventIds = new HashSet<>();
        for (GeneratedMessage message : generate(settings(1, 0.0), 5_000, new ArrayList<>())) {
            JsonNode json = JSON.readTree(message.payload());
            assertThat(json.size()).isEqualTo(4);
            String eventId = json.get("event_id").asText();
            assertThat(UUID.fromString(eventId).version()).isEqualTo(4);
            assertThat(eventIds.add(eventId)).as("unique event id").isTrue();
            assertThat(json.get("customer_id").asText()).isEqualTo(message.customerId()).matches("[A-Za-z0-9_-]{1,64}");
            assertThat(Instant.parse(json.get("timestamp").asText())).isEqualTo(message.timestamp());
            assertThat(json.get("heart_rate").isInt()).isTrue();
            assertThat(json.get("heart_rate").asInt()).isEqualTo(message.heartRate()).isBetween(30, 220);
        }
    }

    @Test
    void timestampsAreSpacedByTheRateAndEachCustomerMovesForward() {
        List<GeneratedMessage> messages = generate(settings(5, 0.0), 10_000, new ArrayList<>());
        Map<String, Instant> lastByCustomer = new java.util.HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            GeneratedMessage m = messages.get(i);
            // 100 events/s: 10 ms apart, later slots only when every device is silent at once.
            assertThat(m.timestamp()).isAfterOrEqualTo(START.plusMillis(10L * i));
            Instant previous = lastByCustomer.put(m.customerId(), m.timestamp());
            if (previous != null) {
                assertThat(m.timestamp()).isAfter(previous);
            }
        }
        assertThat(lastByCustomer).hasSize(20);
    }

    @Test
    void invalidMessagesHaveTheRequestedShareAndEveryKind() {
        List<GeneratedMessage> messages = generate(settings(9, 0.1), 20_000, new ArrayList<>());
        Map<InvalidKind, Integer> kinds = new EnumMap<>(InvalidKind.class);
        messages.stream().filter(m -> !m.isValid()).forEach(m -> kinds.merge(m.invalidKind(), 1, Integer::sum));

        int invalid = kinds.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(invalid).isBetween(1_800, 2_200);
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(InvalidKind.values());
    }

    @Test
    void simulationInjectsEveryAnomalyTypeWithPlausibleLengths() {
        List<AnomalyEpisode> episodes = new ArrayList<>();
        List<GeneratedMessage> messages = generate(oneHertzPerCustomer(), THREE_HOURS, episodes);

        Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
        episodes.forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        assertThat(counts.keySet()).containsExactlyInAnyOrder(AnomalyType.values());
        for (AnomalyEpisode e : episodes) {
            Duration length = Duration.between(e.start(), e.end());
            if (e.type() == AnomalyType.SPIKE) {
                assertThat(length).isZero();
            } else {
                assertThat(length).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(120));
            }
        }
        assertThat(messages).allMatch(m -> m.heartRate() >= 35 && m.heartRate() <= 210);
    }

    @Test
    void silentDeviceSendsNothingDuringItsEpisode() {
        List<AnomalyEpisode> episodes = new ArrayList<>();
        List<GeneratedMessage> messages = generate(oneHertzPerCustomer(), THREE_HOURS, episodes);

        List<AnomalyEpisode> silences = episodes.stream().filter(e -> e.type() == AnomalyType.SIGNAL_LOST).toList();
        assertThat(silences).isNotEmpty();
        for (AnomalyEpisode silence : silences) {
            assertThat(messages).noneMatch(m -> m.customerId().equals(silence.customerId())
                    && !m.timestamp().isBefore(silence.start()) && m.timestamp().isBefore(silence.end()));
        }
    }

    /** 20 customers reading once a second each, for three hours of event time. */
    private static final int THREE_HOURS = 20 * 3 * 3600;

    private static GeneratorSettings oneHertzPerCustomer() {
        return new GeneratorSettings(20, 20, START, 11, 0.0, SimulationProfile.DEFAULT);
    }

    private static GeneratorSettings settings(long seed, double invalidShare) {
        // 20 customers at 100 events/s overall: 5 readings per customer per second.
        return new GeneratorSettings(20, 100, START, seed, invalidShare, SimulationProfile.DEFAULT);
    }

    private static List<GeneratedMessage> generate(GeneratorSettings settings, int count, List<AnomalyEpisode> episodes) {
        HeartbeatGenerator generator = new HeartbeatGenerator(settings, episodes::add);
        List<GeneratedMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(generator.next());
        }
        return messages;
    }
}
