package com.heartbeatmonitor.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.heartbeatmonitor.generator.Activity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsTest {

    static Path resource(String name) {
        try {
            return Path.of(RecordingsTest.class.getResource("/replay/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Reading r(String person, String time, int bpm) {
        return new Reading(person, Instant.parse(time), bpm);
    }

    @Test
    void fitbitReadsTwelveOClockAsMidnightAndNoonAndSkipsMalformedLinesNamingFileAndLine() throws IOException {
        Path file = resource("fitbit.csv");
        Recording recording = Recordings.read(file, RecordingFormat.FITBIT, ZoneOffset.UTC);

        assertThat(recording.persons()).containsExactly("1503960366", "2022484408");
        assertThat(recording.readings("2022484408"))
                .containsExactly(
                        r("2022484408", "2016-04-12T00:00:00Z", 97), // 12:00:00 AM
                        r("2022484408", "2016-04-12T00:00:05Z", 102), // 12:00:05 AM
                        r("2022484408", "2016-04-12T11:59:59Z", 100), // 11:59:59 AM, 99.6 rounded
                        r("2022484408", "2016-04-12T12:00:00Z", 90), // 12:00:00 PM
                        r("2022484408", "2016-04-12T13:00:00Z", 88), // 1:00:00 PM
                        r("2022484408", "2016-04-12T23:59:59Z", 70)); // 11:59:59 PM
        assertThat(recording.readings("1503960366"))
                .containsExactly(
                        r("1503960366", "2016-04-13T07:21:00Z", 75),
                        r("1503960366", "2016-04-13T07:21:05Z", 250), // out of range: kept, the job rejects it
                        r("1503960366", "2016-04-13T07:21:20Z", 76));
        assertThat(recording.problems())
                .extracting(ParseProblem::file, ParseProblem::line)
                .containsExactly(tuple(file, 10L), tuple(file, 11L), tuple(file, 12L));
        assertThat(recording.problems().get(0).toString())
                .isEqualTo(file + ":10: heart rate 'not-a-number' is not a number");
        assertThat(recording.problems().get(1).message())
                .contains("13:21:10 PM")
                .contains("12-hour clock");
        assertThat(recording.problems().get(2).message()).contains("expected 3 fields");
        assertThat(recording.size()).isEqualTo(9);
        assertThat(recording.format()).isEqualTo(RecordingFormat.FITBIT);
    }

    @Test
    void fitbitTimesAreLocalToTheZoneGiven() throws IOException {
        Recording chicago =
                Recordings.read(resource("fitbit.csv"), RecordingFormat.FITBIT, ZoneId.of("America/Chicago"));
        // April: daylight saving time, UTC-5
        assertThat(chicago.readings("2022484408").get(0).time()).isEqualTo(Instant.parse("2016-04-12T05:00:00Z"));
        assertThat(chicago.readings("2022484408").get(5).time()).isEqualTo(Instant.parse("2016-04-13T04:59:59Z"));
    }

    @Test
    void fitbitTimeParsing() {
        assertThat(FitbitParser.parseTime("4/12/2016 12:30:00 AM")).hasToString("2016-04-12T00:30");
        assertThat(FitbitParser.parseTime("4/12/2016 12:30:00 PM")).hasToString("2016-04-12T12:30");
        assertThat(FitbitParser.parseTime("12/31/2016 11:59:59 pm")).hasToString("2016-12-31T23:59:59");
        assertThat(FitbitParser.parseTime("4/12/2016 19:21")).hasToString("2016-04-12T19:21");
        assertThatThrownBy(() -> FitbitParser.parseTime("4/12/2016 0:30:00 AM")).hasMessageContaining("12-hour");
        assertThatThrownBy(() -> FitbitParser.parseTime("2/30/2016 1:00:00 AM")).hasMessageContaining("2/30/2016");
        assertThatThrownBy(() -> FitbitParser.parseTime("2016-04-12 1:00:00 AM"))
                .hasMessageContaining("not like");
    }

    @Test
    void e4FolderOfPersonFoldersAtOneHertzRoundsToTheNearestWholeBpm() throws IOException {
        Recording recording = Recordings.read(resource("e4"), RecordingFormat.E4, ZoneOffset.UTC);

        assertThat(recording.persons()).containsExactly("S01", "S02");
        assertThat(recording.problems()).isEmpty();
        List<Reading> s01 = recording.readings("S01");
        assertThat(s01).hasSize(10);
        Instant start = Instant.ofEpochSecond(1644226071L);
        for (int i = 0; i < s01.size(); i++) {
            assertThat(s01.get(i).time()).isEqualTo(start.plusSeconds(i));
        }
        assertThat(s01).extracting(Reading::heartRate).containsExactly(83, 83, 73, 87, 80, 81, 82, 82, 83, 83);
        // 113.50 rounds half up, 93.25 down, 86.40 down, 81.83 up
        assertThat(recording.readings("S02")).extracting(Reading::heartRate).containsExactly(118, 114, 93, 93, 86, 82);
        assertThat(recording.readings("S02").get(0).time()).isEqualTo(Instant.ofEpochSecond(1644227584L));
    }

    @Test
    void e4AcceptsOnePersonFolderOrItsHrCsv() throws IOException {
        Recording folder = Recordings.read(resource("e4/S02"), RecordingFormat.E4, ZoneOffset.UTC);
        Recording file = Recordings.read(resource("e4/S02/HR.csv"), RecordingFormat.E4, ZoneOffset.UTC);
        assertThat(folder.persons()).containsExactly("S02");
        assertThat(file.byPerson()).isEqualTo(folder.byPerson());
    }

    @Test
    void e4SampleRateOtherThanOneHertzSpacesReadingsByOneOverTheRate() throws IOException {
        Recording recording = Recordings.read(resource("e4-4hz"), null, ZoneOffset.UTC);
        assertThat(recording.format()).isEqualTo(RecordingFormat.E4);
        assertThat(recording.readings("P7"))
                .containsExactly(
                        r("P7", "2023-11-14T22:13:20.500Z", 60),
                        r("P7", "2023-11-14T22:13:20.750Z", 62), // 61.5 rounds half up
                        r("P7", "2023-11-14T22:13:21.000Z", 62), // 62.49
                        r("P7", "2023-11-14T22:13:21.250Z", 63),
                        r("P7", "2023-11-14T22:13:21.500Z", 64));
    }

    @Test
    void e4ThirdOfASecondIsTruncatedToTheMillisecondAndABadValueKeepsItsSlot(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("P1").resolve("HR.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "100\n3.0\n70\n??\n72\n73\n");
        Recording recording = Recordings.read(file, RecordingFormat.E4, ZoneOffset.UTC);
        assertThat(recording.readings("P1"))
                .containsExactly(
                        new Reading("P1", Instant.ofEpochMilli(100_000), 70),
                        new Reading("P1", Instant.ofEpochMilli(100_666), 72),
                        new Reading("P1", Instant.ofEpochMilli(101_000), 73));
        assertThat(recording.problems()).containsExactly(new ParseProblem(file, 4, "heart rate '??' is not a number"));
    }

    @Test
    void e4WithoutAUsableHeaderIsSkippedWithAProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("P1").resolve("HR.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "100\n0\n70\n");
        Recording recording = Recordings.read(file, RecordingFormat.E4, ZoneOffset.UTC);
        assertThat(recording.size()).isZero();
        assertThat(recording.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("sample rate");
        });
    }

    @Test
    void csvWithHeaderReadsIsoWithZoneOrOffsetLocalTimesAndEpochMillis() throws IOException {
        Recording recording =
                Recordings.read(resource("with-header.csv"), RecordingFormat.CSV, ZoneId.of("Europe/Berlin"));
        assertThat(recording.problems()).isEmpty();
        assertThat(recording.readings("alice"))
                .containsExactly(
                        r("alice", "2026-11-21T10:15:30Z", 72),
                        r("alice", "2026-11-21T10:15:31.250Z", 73), // 72.5 rounds half up
                        r("alice", "2026-11-21T10:15:32Z", 71)); // epoch millis
        assertThat(recording.readings("bob"))
                .containsExactly(
                        r("bob", "2026-11-21T09:15:31Z", 61), // local, Berlin UTC+1
                        r("bob", "2026-11-21T10:15:30Z", 60)); // +01:00, 60.4 rounded
    }

    @Test
    void csvWithoutHeaderIsDetectedAndSortedByTime() throws IOException {
        Recording recording = Recordings.read(resource("no-header.csv"));
        assertThat(recording.format()).isEqualTo(RecordingFormat.CSV);
        assertThat(recording.readings("alice"))
                .containsExactly(
                        new Reading("alice", Instant.ofEpochMilli(1795256129000L), 71),
                        new Reading("alice", Instant.ofEpochMilli(1795256130000L), 72));
    }

    @Test
    void csvMalformedLinesAreReportedWithTheirLineNumbersAndTheRestIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(
                file,
                "customer_id,timestamp,heart_rate\n"
                        + "a,2026-11-21T10:15:30Z,70\n"
                        + "a,yesterday,70\n"
                        + "a,2026-11-21T10:15:31Z\n"
                        + ",2026-11-21T10:15:32Z,70\n"
                        + "a,2026-11-21T10:15:33Z,NaN\n"
                        + "\n"
                        + "a,2026-11-21T10:15:34Z,19.4\n");
        Recording recording = Recordings.read(file, RecordingFormat.CSV, ZoneOffset.UTC);
        assertThat(recording.readings("a")).extracting(Reading::heartRate).containsExactly(70, 19);
        assertThat(recording.problems()).extracting(ParseProblem::line).containsExactly(3L, 4L, 5L, 6L);
        assertThat(recording.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
        assertThat(recording.problems().get(0).message())
                .contains("'yesterday'")
                .contains("ISO-8601");
    }

    @Test
    void csvActivityColumnIsPassedThroughAndAnInvalidValueIsAProblemOfItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("activity.csv");
        Files.writeString(
                file,
                "customer_id,timestamp,heart_rate,activity\n"
                        + "a,2026-11-21T10:15:30Z,70,rest\n"
                        + "a,2026-11-21T10:15:31Z,120,ACTIVE\n"
                        + "a,2026-11-21T10:15:32Z,55,\"sleep\"\n"
                        + "a,2026-11-21T10:15:33Z,71,\n"
                        + "a,2026-11-21T10:15:34Z,72\n"
                        + "a,2026-11-21T10:15:35Z,73,running\n"
                        + "a,2026-11-21T10:15:36Z,74,rest,extra\n");
        Recording recording = Recordings.read(file, RecordingFormat.CSV, ZoneOffset.UTC);
        assertThat(recording.readings("a"))
                .extracting(Reading::heartRate, Reading::activity)
                .containsExactly(
                        tuple(70, Activity.REST),
                        tuple(120, Activity.ACTIVE),
                        tuple(55, Activity.SLEEP),
                        tuple(71, null),
                        tuple(72, null));
        assertThat(recording.problems()).extracting(ParseProblem::line).containsExactly(7L, 8L);
        assertThat(recording.problems().get(0).message()).contains("'running'").contains("rest, active, sleep");

        ReplayMessages messages = new ReplayMessages("csv", "", Duration.ZERO);
        assertThat(new String(messages.message(recording.readings("a").get(1)).payload(), StandardCharsets.UTF_8))
                .endsWith(",\"heart_rate\":120,\"activity\":\"active\"}");
        assertThat(new String(messages.message(recording.readings("a").get(3)).payload(), StandardCharsets.UTF_8))
                .doesNotContain("activity");
        assertThat(messages.message(recording.readings("a").get(2)).activity()).isEqualTo(Activity.SLEEP);
    }

    @Test
    void fitbitHasNoActivityColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fitbit.csv");
        Files.writeString(file, "Id,Time,Value\n1,4/12/2016 7:21:00 AM,97,rest\n1,4/12/2016 7:21:05 AM,98\n");
        Recording recording = Recordings.read(file, RecordingFormat.FITBIT, ZoneOffset.UTC);
        assertThat(recording.readings("1")).extracting(Reading::activity).containsExactly((Activity) null);
        assertThat(recording.problems()).extracting(ParseProblem::line).containsExactly(2L);
    }

    @Test
    void detection() throws IOException {
        assertThat(RecordingFormat.detect(resource("fitbit.csv"))).isEqualTo(RecordingFormat.FITBIT);
        assertThat(RecordingFormat.detect(resource("e4"))).isEqualTo(RecordingFormat.E4);
        assertThat(RecordingFormat.detect(resource("e4/S01/HR.csv"))).isEqualTo(RecordingFormat.E4);
        assertThat(RecordingFormat.detect(resource("with-header.csv"))).isEqualTo(RecordingFormat.CSV);
        assertThat(RecordingFormat.parse("Fitbit")).isEqualTo(RecordingFormat.FITBIT);
        assertThatThrownBy(() -> RecordingFormat.parse("garmin")).hasMessageContaining("fitbit, e4 or csv");
    }

    @Test
    void aMissingPathIsAnError() {
        assertThatThrownBy(() -> Recordings.read(Path.of("no/such/recording"), RecordingFormat.E4, ZoneOffset.UTC))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no/such/recording");
    }

    @Test
    void mergedIsEveryReadingOfEveryoneInTimeOrder() throws IOException {
        Recording recording =
                Recordings.read(List.of(resource("e4"), resource("e4-4hz")), RecordingFormat.E4, ZoneOffset.UTC);
        List<Reading> merged = recording.merged().toList();
        assertThat(merged).hasSize(recording.size()).hasSize(21);
        assertThat(merged).isSortedAccordingTo(TimeMerge.ORDER);
        assertThat(merged)
                .containsExactlyInAnyOrderElementsOf(recording.byPerson().values().stream()
                        .flatMap(List::stream)
                        .toList());
        assertThat(recording.start()).contains(Instant.ofEpochSecond(1644226071L));
        assertThat(recording.end()).contains(Instant.parse("2023-11-14T22:13:21.500Z"));
    }

    @Test
    void mergeInterleavesPeopleByTime() {
        List<Reading> a = List.of(r("a", "2026-01-01T00:00:00Z", 60), r("a", "2026-01-01T00:00:02Z", 61));
        List<Reading> b = List.of(r("b", "2026-01-01T00:00:01Z", 70), r("b", "2026-01-01T00:00:02Z", 71));
        List<Reading> merged = new ArrayList<>();
        new TimeMerge(List.of(b, a)).forEachRemaining(merged::add);
        assertThat(merged).extracting(Reading::heartRate).containsExactly(60, 70, 61, 71);
    }

    @Test
    void readsAStressPredictSizedSetWellUnderASecond(@TempDir Path dir) throws IOException {
        int people = 35;
        int perPerson = 115_720 / people;
        for (int p = 0; p < people; p++) {
            StringBuilder text = new StringBuilder("1644226071.000000\n1.000000\n");
            for (int i = 0; i < perPerson; i++) {
                text.append(60 + (i * 7 + p) % 60).append('.').append(i % 100).append('\n');
            }
            Path file = dir.resolve(String.format("S%02d", p + 1)).resolve("HR.csv");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
        // The best of three (the first one warms the JIT up): a shared machine's noise is not the parser's time.
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            Recording recording = Recordings.read(dir, RecordingFormat.E4, ZoneOffset.UTC);
            long merged = recording.merged().count();
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            assertThat(merged).isEqualTo((long) people * perPerson);
        }
        System.out.printf(
                "read and merged %d readings of %d people in %d ms (best of 3)%n", people * perPerson, people, best);
        assertThat(best).isLessThan(1_000);
    }
}
