package com.heartbeatmonitor.local.quality;

import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Alerts scored against what truly happened. An alert matches a pathological episode of the same
 * customer when its type is the one the episode should raise and the two overlap, within
 * {@link #TOLERANCE}. Recall is per kind of episode; precision per alert type; every alert that matches
 * no pathological episode is a false alarm, whatever its type.
 */
public final class DetectionScore {

    /** An alert may start this much before its episode (the smoothed rate lags, a gap has no edge). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** One truly pathological episode and the alert type it should raise. */
    public record Truth(String customer, String kind, AlertType expected, long start, long end) {}

    public record Recall(String kind, int episodes, int found, double medianDelayMinutes, double p90DelayMinutes) {
        double recall() {
            return episodes == 0 ? Double.NaN : (double) found / episodes;
        }
    }

    public record Precision(AlertType type, int alerts, int matching) {
        double precision() {
            return alerts == 0 ? Double.NaN : (double) matching / alerts;
        }
    }

    private final List<Recall> recalls = new ArrayList<>();
    private final Map<AlertType, Precision> precisions = new EnumMap<>(AlertType.class);
    private final int falseAlarms;
    /** Every missed episode and every false alarm, for reading. */
    private final List<String> problems = new ArrayList<>();

    private final double personDays;

    /**
     * Scores the episodes and alerts that began before {@code horizon} (later ones may be unfinished when
     * the data ends), each against all alerts or all episodes.
     */
    public DetectionScore(List<Truth> truth, List<AlertEvent> alerts, long horizon, double personDays) {
        this.personDays = personDays;
        List<Truth> scored = truth.stream().filter(t -> t.start() < horizon).toList();
        for (String kind : scored.stream().map(Truth::kind).distinct().sorted().toList()) {
            List<Double> delays = new ArrayList<>();
            List<Truth> episodes =
                    scored.stream().filter(t -> t.kind().equals(kind)).toList();
            for (Truth t : episodes) {
                var detected = alerts.stream()
                        .filter(a -> matches(a, t))
                        .mapToLong(AlertEvent::detectedAt)
                        .min();
                detected.ifPresent(at -> delays.add(Math.max(0, at - t.start()) / 60_000.0));
                if (detected.isEmpty()) {
                    problems.add("missed " + t + " (" + Instant.ofEpochMilli(t.start()) + " .. "
                            + Instant.ofEpochMilli(t.end()) + ")");
                }
            }
            double[] sorted =
                    delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            recalls.add(new Recall(kind, episodes.size(), sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.9)));
        }
        int unmatched = 0;
        for (AlertType type : AlertType.values()) {
            List<AlertEvent> ofType = alerts.stream()
                    .filter(a -> a.type() == type && a.startedAt() < horizon)
                    .toList();
            int matching = (int) ofType.stream()
                    .filter(a -> truth.stream().anyMatch(t -> matches(a, t)))
                    .count();
            ofType.stream()
                    .filter(a -> truth.stream().noneMatch(t -> matches(a, t)))
                    .forEach(a -> problems.add("false alarm " + a + " (" + Instant.ofEpochMilli(a.startedAt()) + ")"));
            precisions.put(type, new Precision(type, ofType.size(), matching));
            unmatched += ofType.size() - matching;
        }
        this.falseAlarms = unmatched;
    }

    private static boolean matches(AlertEvent a, Truth t) {
        long tolerance = TOLERANCE.toMillis();
        long end = a.endedAt() == null ? Long.MAX_VALUE : a.endedAt();
        return a.type() == t.expected()
                && a.customerId().equals(t.customer())
                && a.startedAt() <= t.end() + tolerance
                && end >= t.start() - tolerance;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    public List<Recall> recalls() {
        return recalls;
    }

    public Precision precision(AlertType type) {
        return precisions.get(type);
    }

    public List<String> problems() {
        return problems;
    }

    public int falseAlarms() {
        return falseAlarms;
    }

    public double falseAlarmsPerPersonDay() {
        return falseAlarms / personDays;
    }

    /** Alerts of each type per person-day, for the README's tables. */
    public static Map<AlertType, Double> perPersonDay(List<AlertEvent> alerts, double personDays) {
        Map<AlertType, Double> rates = new EnumMap<>(AlertType.class);
        Arrays.stream(AlertType.values())
                .forEach(type -> rates.put(
                        type,
                        alerts.stream()
                                        .filter(((Predicate<AlertEvent>) a -> a.type() == type))
                                        .count()
                                / personDays));
        return rates;
    }

    /** Markdown: recall and delay per kind of episode, precision per alert type, false alarms per person-day. */
    public String table(String title) {
        StringBuilder out = new StringBuilder(String.format(
                "%n%s%n%n| pathological episode | episodes | found | recall |"
                        + " median delay | p90 delay |%n|---|---:|---:|---:|---:|---:|%n",
                title));
        for (Recall r : recalls) {
            out.append(String.format(
                    "| %s | %d | %d | %.3f | %.1f min | %.1f min |%n",
                    r.kind(), r.episodes(), r.found(), r.recall(), r.medianDelayMinutes(), r.p90DelayMinutes()));
        }
        out.append(String.format(
                "%n| alert type | alerts | matching a pathological episode | precision |%n|---|---:|---:|---:|%n"));
        for (Precision p : precisions.values()) {
            out.append(String.format("| %s | %d | %d | %.3f |%n", p.type(), p.alerts(), p.matching(), p.precision()));
        }
        out.append(String.format(
                "%nAlerts matching no pathological episode: %d in %.0f person-days = %.3f per person-day%n",
                falseAlarms, personDays, falseAlarmsPerPersonDay()));
        return out.toString();
    }
}
