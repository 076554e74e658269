package com.heartbeatmonitor.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayOptionsTest {

    @Test
    void speeds() {
        assertThat(Speed.parse("realtime")).isEqualTo(Speed.REALTIME);
        assertThat(Speed.parse("60x").factor()).isEqualTo(60);
        assertThat(Speed.parse("60").factor()).isEqualTo(60);
        assertThat(Speed.parse("0.5X").factor()).isEqualTo(0.5);
        assertThat(Speed.parse("max").isMax()).isTrue();
        assertThat(Speed.parse("60x").dueNanos(60_000)).isEqualTo(1_000_000_000L);
        assertThat(Speed.REALTIME.dueNanos(1_500)).isEqualTo(1_500_000_000L);
        assertThat(Speed.MAX.dueNanos(3_600_000)).isZero();
        assertThat(Speed.parse("60x")).hasToString("60x");
        for (String bad : List.of("0x", "-2x", "fast", "x", "infinityx")) {
            assertThatThrownBy(() -> Speed.parse(bad)).as(bad).hasMessageContaining("is not a speed");
        }
    }

    @Test
    void alignmentMovesTheWholeRecordingAndKeepsEveryInterval() throws IOException {
        Recording recording = Recordings.read(
                List.of(RecordingsTest.resource("e4"), RecordingsTest.resource("e4-4hz")),
                RecordingFormat.E4,
                ZoneOffset.UTC);
        Instant now = Instant.parse("2026-11-22T12:00:00.123456Z");
        Duration endNow = Alignment.parse("end-now").shift(recording, now);
        Duration startNow = Alignment.parse("start-now").shift(recording, now);
        assertThat(recording.end().orElseThrow().plus(endNow)).isEqualTo("2026-11-22T12:00:00.123Z");
        assertThat(recording.start().orElseThrow().plus(startNow)).isEqualTo("2026-11-22T12:00:00.123Z");
        assertThat(Alignment.parse("none").shift(recording, now)).isZero();
        assertThatThrownBy(() -> Alignment.parse("middle")).hasMessageContaining("end-now, start-now or none");

        for (Duration shift : List.of(endNow, startNow)) {
            List<Instant> original = recording.merged().map(Reading::time).toList();
            List<Instant> shifted = recording
                    .merged()
                    .map(r -> new ReplayMessages("e4", "", shift).message(r).timestamp())
                    .toList();
            for (int i = 1; i < original.size(); i++) {
                assertThat(Duration.between(shifted.get(i - 1), shifted.get(i)))
                        .isEqualTo(Duration.between(original.get(i - 1), original.get(i)));
            }
        }
    }

    @Test
    void perPersonAlignmentEndsEveryPersonNowAndKeepsTheirIntervals() throws IOException {
        Recording recording = Recordings.read(
                List.of(RecordingsTest.resource("e4"), RecordingsTest.resource("e4-4hz")),
                RecordingFormat.E4,
                ZoneOffset.UTC);
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        ReplayMessages messages =
                new ReplayMessages("e4", "", Duration.ZERO, Alignment.END_NOW.shiftPerPerson(recording, now));
        for (String person : recording.persons()) {
            List<Reading> readings = recording.readings(person);
            assertThat(messages.timestamp(readings.get(readings.size() - 1)))
                    .as(person)
                    .isEqualTo(now);
            for (int i = 1; i < readings.size(); i++) {
                assertThat(Duration.between(
                                messages.timestamp(readings.get(i - 1)), messages.timestamp(readings.get(i))))
                        .isEqualTo(Duration.between(
                                readings.get(i - 1).time(), readings.get(i).time()));
            }
        }
        // Sent in the order of the shifted times: the three people (recorded years apart) interleave at the end.
        List<Reading> sent = new ArrayList<>();
        recording
                .mergedBy(Comparator.comparing(messages::timestamp).thenComparing(Reading::person))
                .forEachRemaining(sent::add);
        assertThat(sent).hasSize(recording.size());
        assertThat(sent.stream().map(messages::timestamp).toList()).isSorted();
        assertThat(sent.subList(sent.size() - 3, sent.size()))
                .extracting(Reading::person)
                .containsExactly("P7", "S01", "S02");
    }

    @Test
    void eachRecordCarriesItsReadingsShiftedTimeButNeverATimeAfterNow() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        ReplayMessages messages = new ReplayMessages("csv", "", Duration.ofDays(400));
        Reading monthAgo = new Reading("P1", now.minus(Duration.ofDays(430)), 70);
        Reading ahead = new Reading("P1", now.minus(Duration.ofDays(400)).plusSeconds(90), 70);
        // A month old, as recorded: stamped a month back, so the job's event age is 0, not 30 days.
        assertThat(messages.recordTime(monthAgo, now)).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(messages.recordTime(monthAgo, now))
                .isEqualTo(messages.message(monthAgo).timestamp());
        // Ahead of the clock (start-now faster than realtime): the clock, so the job's future check applies.
        assertThat(messages.timestamp(ahead)).isEqualTo(now.plusSeconds(90));
        assertThat(messages.recordTime(ahead, now)).isEqualTo(now);
    }

    @Test
    void eventIdsDependOnSourceCustomerAndRecordedTimeOnly() {
        Reading reading = new Reading("S01", Instant.parse("2022-02-07T09:27:51Z"), 83);
        ReplayMessages now = new ReplayMessages("e4", "sp-", Duration.ofDays(300));
        ReplayMessages later = new ReplayMessages("e4", "sp-", Duration.ofDays(301));
        assertThat(now.eventId(reading))
                .isEqualTo(later.eventId(reading))
                .isEqualTo(now.message(reading).eventId())
                .isEqualTo(later.message(reading).eventId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        Set<String> ids = new HashSet<>(List.of(
                now.eventId(reading),
                now.eventId(new Reading("S02", reading.time(), 83)),
                now.eventId(new Reading("S01", reading.time().plusMillis(1), 83)),
                new ReplayMessages("fitbit", "sp-", Duration.ZERO).eventId(reading),
                new ReplayMessages("e4", "other-", Duration.ZERO).eventId(reading)));
        assertThat(ids).hasSize(5);
        // the value is not part of the id: a reading that changed is a conflict, not a new reading
        assertThat(now.eventId(new Reading("S01", reading.time(), 90))).isEqualTo(now.eventId(reading));
    }

    @Test
    void sameInputGivesTheSameIdsTwice() throws IOException {
        Path e4 = RecordingsTest.resource("e4");
        List<String> first = Recordings.read(e4)
                .merged()
                .map(new ReplayMessages("e4", "", Duration.ZERO)::eventId)
                .toList();
        List<String> second = Recordings.read(e4)
                .merged()
                .map(new ReplayMessages("e4", "", Duration.ofHours(1))::eventId)
                .toList();
        assertThat(first).hasSize(16).doesNotHaveDuplicates().isEqualTo(second);
    }

    @Test
    void messagesFollowTheContract() throws IOException {
        Reading reading = new Reading("S01", Instant.parse("2022-02-07T09:27:51Z"), 250);
        GeneratedMessage message = new ReplayMessages("e4", "sp-", Duration.ofMillis(1500)).message(reading);
        JsonNode json = new ObjectMapper().readTree(message.payload());
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly("event_id", "customer_id", "timestamp", "heart_rate");
        assertThat(json.get("event_id").asText()).isEqualTo(message.eventId());
        assertThat(json.get("customer_id").asText()).isEqualTo("sp-S01").isEqualTo(message.customerId());
        assertThat(json.get("timestamp").asText()).isEqualTo("2022-02-07T09:27:52.500Z");
        assertThat(json.get("heart_rate").isInt()).isTrue();
        assertThat(json.get("heart_rate").asInt()).isEqualTo(250);
        assertThat(message.isValid()).isTrue();
    }

    @Test
    void aMissingPathOrNothingReadableEndsWithAMessageAndExitCode2(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("garbage.csv");
        Files.writeString(garbage, "this,is,not\na,recording,at all\n");
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new GeneratorCommand());
            assertThat(cli.execute(
                            "replay",
                            "--bootstrap-servers",
                            "127.0.0.1:1",
                            dir.resolve("missing").toString()))
                    .isEqualTo(2);
            assertThat(cli.execute("replay", "--bootstrap-servers", "127.0.0.1:1", garbage.toString()))
                    .isEqualTo(2);
            assertThat(cli.execute("replay", "--speed", "fast", garbage.toString()))
                    .isEqualTo(2);
        } finally {
            System.setErr(stderr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("replay: " + dir.resolve("missing") + " does not exist")
                .contains("replay: skipped " + garbage + ":2: timestamp 'recording' is neither ISO-8601")
                .contains("no reading could be read from")
                .contains("'fast' is not a speed");
    }

    @Test
    void helpShowsAnExampleForEachFormat() {
        String help = new CommandLine(new GeneratorCommand())
                .getSubcommands()
                .get("replay")
                .getUsageMessage();
        assertThat(help)
                .contains("--format e4")
                .contains("--format fitbit")
                .contains("--format csv")
                .contains("--speed")
                .contains("--align")
                .contains("--customer-prefix")
                .contains("--limit");
    }
}
