package com.heartbeatmonitor.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** What a soak measured: its faults with their recoveries, and a sample at every check; the summary table. */
final class SoakReport {

    private static final double MB = 1024.0 * 1024.0;
    private static final double SECONDS_PER_HOUR = 3600.0;

    /** One fault: when it struck, how long it lasted, how long the pipeline took to recover after it (null: never). */
    record Fault(SoakFault kind, Instant struck, Duration outage, Duration recovery, String detail) {}

    /** One check. Sizes in bytes; {@code checkpointMillis} end to end; negative where it could not be measured. */
    record Sample(
            Instant at,
            AcknowledgedMessages.Account account,
            int alerts,
            int alertsNotYetInTable,
            int notifiable,
            int delivered,
            int sentAgain,
            long liveHeap,
            long checkpointSize,
            long checkpointMillis,
            long databaseSize) {}

    private final Instant start;
    private final List<Fault> faults = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();

    SoakReport(Instant start) {
        this.start = start;
    }

    void add(Fault fault) {
        faults.add(fault);
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Faults after which the pipeline did not recover within the bound. */
    long unrecovered() {
        return faults.stream().filter(f -> f.recovery() == null).count();
    }

    /** One line of a check, as printed along the way. */
    String line(Sample s) {
        return String.format(
                Locale.ROOT,
                "check at +%s: %s; alerts %d (%d newer on the topic than in the table, in flight); notifications "
                        + "%d notifiable, %d delivered, %d keys sent again; TaskManager heap after GC %.1f MB;"
                        + " checkpoint %.1f MB in %d ms; database %.1f MB",
                minutes(s.at()),
                s.account(),
                s.alerts(),
                s.alertsNotYetInTable(),
                s.notifiable(),
                s.delivered(),
                s.sentAgain(),
                s.liveHeap() / MB,
                s.checkpointSize() / MB,
                s.checkpointMillis(),
                s.databaseSize() / MB);
    }

    /**
     * The summary as a markdown table, ready for the README's Guarantees section: the run, faults by kind with
     * recovery median and max, lost, doubled, notifications, and the growth of heap, checkpoint and database.
     * {@code noticesNotSentByRule}: WARNING notices held for the customer's morning or cancelled because their alert
     * ended first, which the notifier documents and the check does not owe.
     */
    String summary(Duration ran, boolean notificationsExactlyOnce, boolean alertsMatch, int noticesNotSentByRule) {
        StringBuilder out = new StringBuilder();
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        out.append("| Soak | Result |\n|---|---|\n");
        row(
                out,
                "Run",
                String.format(Locale.ROOT, "%s, %d faults, %d checks", human(ran), faults.size(), samples.size()));
        Map<SoakFault, List<Fault>> byKind = new EnumMap<>(SoakFault.class);
        faults.forEach(
                f -> byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f));
        byKind.forEach((kind, list) -> {
            List<Long> recoveries = list.stream()
                    .filter(f -> f.recovery() != null)
                    .map(f -> f.recovery().toSeconds())
                    .sorted()
                    .toList();
            long failed = list.size() - recoveries.size();
            row(
                    out,
                    kind.flag() + " x" + list.size(),
                    recoveries.isEmpty()
                            ? "never recovered"
                            : String.format(
                                    Locale.ROOT,
                                    "recovered in %d s median, %d s max%s",
                                    recoveries.get(recoveries.size() / 2),
                                    recoveries.get(recoveries.size() - 1),
                                    failed > 0 ? ", " + failed + " NOT recovered" : ""));
        });
        if (last != null) {
            long acknowledged = last.account().acknowledged();
            // The delivered rate, not --rate: the daily-life model's devices read every 1-15 s and are off the
            // wrist at night, so fewer messages are sent than --rate's nominal one a second per customer.
            row(
                    out,
                    "Acknowledged messages",
                    String.format(
                            Locale.ROOT,
                            "%d (%.0f events/s delivered over the run)",
                            acknowledged,
                            acknowledged / (double) Math.max(1, ran.toSeconds())));
            row(out, "Lost", String.valueOf(last.account().missing()));
            row(
                    out,
                    "Doubled",
                    String.valueOf(last.account().doubled() + last.account().wrongKind()));
            row(
                    out,
                    "Alerts table = newest revision on the topic",
                    (alertsMatch ? "yes" : "NO") + " (" + last.alerts() + " alerts)");
            row(
                    out,
                    "Notifications exactly once",
                    String.format(
                            Locale.ROOT,
                            "%s (%d notifiable, %d delivered, %d notices held for the morning or cancelled as their"
                                    + " alert ended first; the same Idempotency-Key sent again %d times, in the"
                                    + " notifier's documented window)",
                            notificationsExactlyOnce ? "yes" : "NO",
                            last.notifiable(),
                            last.delivered(),
                            noticesNotSentByRule,
                            last.sentAgain()));
            row(out, "TaskManager heap after GC", trend(Sample::liveHeap, "MB"));
            row(out, "Checkpoint size", trend(Sample::checkpointSize, "MB"));
            row(
                    out,
                    "Checkpoint duration",
                    String.format(
                            Locale.ROOT,
                            "%d ms last, %d ms max",
                            last.checkpointMillis(),
                            samples.stream()
                                    .mapToLong(Sample::checkpointMillis)
                                    .max()
                                    .orElse(-1)));
            row(out, "Database size", trend(Sample::databaseSize, "MB"));
        }
        return out.toString();
    }

    /** First, last and the least-squares slope per hour of a measure over the checks. */
    private String trend(ToDoubleFunction<Sample> measure, String unit) {
        List<Sample> measured =
                samples.stream().filter(s -> measure.applyAsDouble(s) >= 0).toList();
        if (measured.isEmpty()) {
            return "not measured";
        }
        double[] hours = measured.stream()
                .mapToDouble(s -> Duration.between(start, s.at()).toMillis() / 1000.0 / SECONDS_PER_HOUR)
                .toArray();
        double[] values = measured.stream()
                .mapToDouble(s -> measure.applyAsDouble(s) / MB)
                .toArray();
        return String.format(
                Locale.ROOT,
                "%.1f -> %.1f %s, slope %+.1f %s/h",
                values[0],
                values[values.length - 1],
                unit,
                slope(hours, values),
                unit);
    }

    /** Least-squares slope of y over x; 0 with fewer than two distinct x. */
    static double slope(double[] x, double[] y) {
        int n = x.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (x[i] - meanX) * (y[i] - meanY);
            den += (x[i] - meanX) * (x[i] - meanX);
        }
        return den == 0 ? 0 : num / den;
    }

    private String minutes(Instant at) {
        return human(Duration.between(start, at));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private static void row(StringBuilder out, String what, String value) {
        out.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }
}
