package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.StopOnCtrlC;
import com.heartbeatmonitor.security.KafkaSecurity;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heartbeat-generator replay}: sends recorded heart rates to Kafka as contract messages. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        usageHelpWidth = 110,
        description = {
            "Replays recorded heart rates (Fitbit, Empatica E4, plain CSV) to Kafka as contract messages.",
            "event_id is a name-based UUID of source, customer and recorded time: replaying again stores nothing twice."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  Empatica E4 (HR.csv: start in Unix s, rate in Hz, one value per line), a folder of person folders,",
            "  each person's hour ending now (the sessions were recorded on different days), an hour in a minute:",
            "    replay --format e4 --per-person --speed 60x --customer-prefix sp- ../shared/datasets/stress-predict/",
            "  Fitbit per-second export (Id,Time,Value with 4/12/2016 7:21:00 AM, local to --zone), at full speed:",
            "    replay --format fitbit --zone America/Chicago --speed max heartrate_seconds_merged.csv",
            "  Plain CSV (customer_id,timestamp,heart_rate; ISO-8601 or epoch ms, header optional), as recorded:",
            "    replay --format csv --speed realtime --align start-now readings.csv",
            "",
            "Without --format it is detected: a folder or HR.csv is e4, a header Id,Time,Value is fitbit, else csv.",
            "Malformed lines are reported (file:line) and skipped; bpm values are rounded to whole numbers; values",
            "outside 30-220 are still sent (the job rejects them with a reason) and counted in the summary."
        })
public final class ReplayCommand implements Callable<Integer> {

    /** Kafka's default retention (log.retention.hours=168), which the job's topics keep. */
    private static final Duration KAFKA_DEFAULT_RETENTION = Duration.ofDays(7);

    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaSecurityOptions kafkaSecurity;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "Recording file(s) or folder(s); for e4 a folder of person folders, a person folder or an HR.csv.")
    List<Path> paths;

    @Option(names = "--format", description = "fitbit, e4 or csv (default: detected).")
    String format;

    @Option(names = "--zone", defaultValue = "UTC", description = "Zone of local times (Fitbit; CSV without offset).")
    ZoneId zone;

    @Option(
            names = "--speed",
            defaultValue = "realtime",
            description = "realtime, Nx (e.g. 60x: an hour in a minute) or max (as fast as possible).")
    String speed;

    @Option(
            names = "--align",
            defaultValue = "end-now",
            description = "end-now: shift the recording so it ends now; start-now: so it starts now; none: recorded "
                    + "times. Every interval is kept; each record carries its reading's time as its Kafka time.")
    String align;

    @Option(
            names = "--per-person",
            description = "Align each person on their own (each one's recording ends, or "
                    + "starts, now), e.g. for sessions recorded on different days; intervals within a person are kept.")
    boolean perPerson;

    @Option(
            names = "--now",
            description = "The 'now' of --align, ISO-8601 (default: the clock at start). The same value again "
                    + "sends identical messages, so the job rejects them as DUPLICATE_EVENT_ID.")
    Instant now;

    @Option(
            names = "--customer-prefix",
            defaultValue = "",
            description = "Put before every person id, e.g. sp- makes sp-S01.")
    String customerPrefix;

    @Option(
            names = "--source-name",
            description = "Names the data set in every event_id (default: the format, e.g. e4).")
    String sourceName;

    @Option(names = "--limit", defaultValue = "0", description = "Send at most this many readings; 0 = all.")
    long limit;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = "${env:HEARTBEAT_KAFKA_TOPIC:-heartbeats}",
            description = "Topic to write to (env HEARTBEAT_KAFKA_TOPIC).")
    String topic;

    /** What a replay needs besides Kafka: the recording read and checked, and how to send it. */
    public record Prepared(
            Recording recording,
            Alignment alignment,
            boolean perPerson,
            String source,
            String customerPrefix,
            Speed speed) {

        /** The messages when the replay starts at {@code now}: the alignment's shift is fixed here. */
        public ReplayMessages messages(Instant now, PrintStream out) {
            ReplayMessages messages = shifted(now);
            Instant first = earliest(messages);
            Instant last = recording
                    .merged()
                    .map(messages::timestamp)
                    .max(Instant::compareTo)
                    .orElseThrow();
            out.printf(
                    "replay: speed %s, align %s%s, sent as %s .. %s, customers %s..., source '%s'%n",
                    speed,
                    alignment,
                    perPerson ? " per person" : " (shift " + messages.shift() + ")",
                    first,
                    last,
                    customerPrefix + recording.persons().get(0),
                    source);
            return messages;
        }

        /** The earliest time a reading is sent with when the replay starts at {@code now}. */
        public Instant earliest(Instant now) {
            return earliest(shifted(now));
        }

        private ReplayMessages shifted(Instant now) {
            return perPerson
                    ? new ReplayMessages(
                            source, customerPrefix, Duration.ZERO, alignment.shiftPerPerson(recording, now))
                    : new ReplayMessages(source, customerPrefix, alignment.shift(recording, now));
        }

        private Instant earliest(ReplayMessages messages) {
            return recording
                    .merged()
                    .map(messages::timestamp)
                    .min(Instant::compareTo)
                    .orElseThrow();
        }
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Prepared prepared;
        KafkaSecurity security;
        try {
            security = kafkaSecurity.resolve();
            prepared = prepare(
                    paths, format, zone, speed, align, perPerson, customerPrefix, sourceName, System.out, System.err);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (ReplayException e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        }
        ReplayMessages messages = prepared.messages(now != null ? now : Instant.now(), out);
        System.out.printf("replay: to topic %s on %s (%s)%n", topic, bootstrapServers, security.describe());
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, security, topic, (m, md) -> {})) {
            try {
                publisher.checkAccess();
            } catch (IllegalStateException e) {
                System.err.println("replay: " + e.getMessage());
                return 2;
            }
            ReplayRun run =
                    new ReplayRun(prepared.recording(), messages, prepared.speed(), limit, publisher, out, true);
            StopOnCtrlC.run(run::run, run::stop, "replay");
            if (run.exitCode() != 0) {
                System.err.printf(
                        "replay: not every message was acknowledged (sent %d, acked %d, errors %d)%s%n",
                        run.sent(),
                        publisher.acked(),
                        publisher.failed(),
                        publisher.lastError() == null
                                ? ""
                                : ": " + publisher.lastError().getMessage());
            }
            return run.exitCode();
        }
    }

    /** A path that does not exist, or nothing readable in it. */
    public static final class ReplayException extends Exception {
        ReplayException(String message) {
            super(message);
        }
    }

    /**
     * Reads and checks a recording and the options the way the command does, printing what it found to {@code out}
     * and every skipped line to {@code err}. Shared with run-local.
     *
     * @throws IllegalArgumentException for a bad option value
     * @throws ReplayException if a path does not exist or nothing could be read
     */
    public static Prepared prepare(
            List<Path> paths,
            String format,
            ZoneId zone,
            String speed,
            String align,
            boolean perPerson,
            String customerPrefix,
            String sourceName,
            PrintStream out,
            PrintStream err)
            throws ReplayException {
        RecordingFormat recordingFormat = format == null || format.isBlank() ? null : RecordingFormat.parse(format);
        Speed parsedSpeed = Speed.parse(speed);
        Alignment alignment = Alignment.parse(align);
        String prefix = customerPrefix == null ? "" : customerPrefix;
        if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("--customer-prefix '" + prefix + "' may hold only A-Z a-z 0-9 _ -");
        }
        Recording recording;
        long startNanos = System.nanoTime();
        try {
            recording = Recordings.read(paths, recordingFormat, zone == null ? ZoneOffset.UTC : zone);
        } catch (NoSuchFileException e) {
            throw new ReplayException(e.getFile() + " does not exist");
        } catch (IOException e) {
            throw new ReplayException("cannot read " + paths + ": " + e.getMessage());
        }
        for (ParseProblem problem : recording.problems()) {
            err.println("replay: skipped " + problem);
        }
        if (recording.size() == 0) {
            throw new ReplayException("no reading could be read from " + paths + " as " + recording.format() + " ("
                    + recording.problems().size() + " malformed lines)" + (format == null ? "; try --format" : ""));
        }
        String source = sourceName != null && !sourceName.isBlank()
                ? sourceName
                : recording.format().toString();
        out.printf(
                "replay: %d readings of %d people from %d %s files in %d ms (%d malformed lines skipped), "
                        + "recorded %s .. %s%n",
                recording.size(),
                recording.persons().size(),
                recording.files().size(),
                recording.format(),
                (System.nanoTime() - startNanos) / 1_000_000,
                recording.problems().size(),
                recording.start().orElseThrow(),
                recording.end().orElseThrow());
        for (String person : recording.persons()) {
            if (!CUSTOMER_ID.matcher(prefix + person).matches()) {
                err.println("replay: warning: customer id '" + prefix + person
                        + "' breaks the contract (1-64 of A-Z a-z 0-9 _ -): the job rejects its readings "
                        + "(INVALID_CUSTOMER_ID)");
            }
        }
        if (alignment == Alignment.START_NOW && parsedSpeed.factor() > 1) {
            err.println("replay: warning: at " + parsedSpeed + " with --align " + alignment
                    + " readings get ahead of the clock; the job rejects those over 1 min ahead (TIMESTAMP_IN_FUTURE)");
        }
        Prepared prepared = new Prepared(recording, alignment, perPerson, source, prefix, parsedSpeed);
        Duration oldest = Duration.between(prepared.earliest(Instant.now()), Instant.now());
        if (oldest.compareTo(KAFKA_DEFAULT_RETENTION) > 0) {
            err.println("replay: note: the oldest reading is sent " + oldest.toDays() + " days in the past. Every "
                    + "record carries its reading's time, so the job's event-age check holds for each, but Kafka "
                    + "deletes records older than the topic's retention.ms by that time (7 d by default) while the "
                    + "job may still need them: send to a topic with retention.ms of at least "
                    + retentionFor(oldest).toMillis() + " ("
                    + retentionFor(oldest).toDays() + " d; "
                    + "./run-local.sh --replay creates one like that)");
        }
        return prepared;
    }

    /** What a topic of readings sent up to {@code oldest} in the past should keep: those, and a week after. */
    public static Duration retentionFor(Duration oldest) {
        return oldest.plus(KAFKA_DEFAULT_RETENTION);
    }
}
