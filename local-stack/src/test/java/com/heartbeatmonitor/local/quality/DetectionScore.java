package com.heartbeatmonitor.local.quality;

import com.heartbeatmonitor.generator.AnomalyType.Category;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alerts scored against what truly happened, by their real extent: from {@code startedAt} to
 * {@code endedAt}, or to the end of the data for an alert still open then. An alert matches an episode
 * of the same customer when its type is the one the episode should raise and the two overlap, within
 * {@link #TOLERANCE}. Each alert finds at most one pathological episode (the earliest one it overlaps
 * that no earlier alert found), so an alert that never closes cannot collect the customer's later
 * episodes. An alert is then, in this order: <b>matching</b> (it found a pathological episode, or
 * overlaps one another alert found first), <b>borderline</b> (it overlaps an episode where an alert is
 * right but not required), or <b>false</b>, named after the benign episode it overlaps most (exercise,
 * slow AF, fever...) or "nothing simulated".
 */
public final class DetectionScore {

    /** An alert may start this much before its episode (the smoothed rate lags, a gap has no edge). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    static final String NOTHING = "nothing simulated";

    /**
     * One episode of the truth: pathological ones must raise {@code expected}, borderline ones may, benign
     * ones ({@code expected} null) should raise nothing.
     */
    public record Truth(String customer, String kind, Category category, AlertType expected, long start, long end) {}

    public record Recall(String kind, int episodes, int found, double medianDelayMinutes, double p90DelayMinutes) {
        double recall() {
            return episodes == 0 ? Double.NaN : (double) found / episodes;
        }
    }

    /** Alerts of one type: matching a pathological episode, on a borderline one, and false. */
    public record Precision(AlertType type, int alerts, int matching, int borderline) {
        int falseAlarms() {
            return alerts - matching - borderline;
        }

        double precision() {
            return alerts == 0 ? Double.NaN : (double) (matching + borderline) / alerts;
        }
    }

    /** Alerts on episodes of some kinds (found or borderline) against false alarms on their look-alikes. */
    public record Share(String name, int onTheKinds, int onLookAlikes) {
        double share() {
            int all = onTheKinds + onLookAlikes;
            return all == 0 ? Double.NaN : (double) onTheKinds / all;
        }
    }

    private final List<Recall> recalls = new ArrayList<>();
    private final Map<AlertType, Precision> precisions = new EnumMap<>(AlertType.class);
    private final Map<Severity, Integer> falseBySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Integer> falseByLookAlike = new TreeMap<>();
    /** The kind of episode each scored alert was matching or borderline on; false alarms are not in it. */
    private final Map<AlertEvent, String> onKind = new IdentityHashMap<>();

    private final int falseAlarms;
    /** Every missed episode and every false alarm, for reading. */
    private final List<String> problems = new ArrayList<>();

    private final double personDays;

    /**
     * Scores the episodes and alerts that began before {@code horizon} (later ones may be unfinished when
     * the data ends), each against all alerts or all episodes; {@code dataEnd} is where the data ends, so
     * where an alert still open ends.
     */
    public DetectionScore(List<Truth> truth, List<AlertEvent> alerts, long horizon, long dataEnd, double personDays) {
        this.personDays = personDays;
        Map<String, List<Truth>> byCustomer = new HashMap<>();
        truth.forEach(t ->
                byCustomer.computeIfAbsent(t.customer(), c -> new ArrayList<>()).add(t));
        byCustomer.values().forEach(list -> list.sort(Comparator.comparingLong(Truth::start)));

        // Every alert may find an episode (one begun before the horizon may be alerted after it); only
        // those begun before the horizon count for precision and false alarms.
        List<AlertEvent> inOrder = alerts.stream()
                .sorted(Comparator.comparingLong(AlertEvent::detectedAt))
                .toList();
        Map<Truth, AlertEvent> foundBy = new IdentityHashMap<>();
        Map<AlertType, int[]> counts = new EnumMap<>(AlertType.class); // alerts, matching, borderline
        for (AlertType type : AlertType.values()) {
            counts.put(type, new int[3]);
        }
        int unmatched = 0;
        for (AlertEvent a : inOrder) {
            boolean scored = a.startedAt() < horizon;
            int[] count = scored ? counts.get(a.type()) : new int[3];
            count[0]++;
            List<Truth> own = byCustomer.getOrDefault(a.customerId(), List.of());
            Truth first = null;
            Truth already = null;
            Truth borderline = null;
            for (Truth t : own) {
                if (t.expected() != a.type() || !overlaps(a, t, dataEnd)) {
                    continue;
                }
                if (t.category() == Category.PATHOLOGICAL) {
                    if (!foundBy.containsKey(t)) {
                        first = first == null ? t : first;
                    } else {
                        already = already == null ? t : already;
                    }
                } else if (t.category() == Category.BORDERLINE && borderline == null) {
                    borderline = t;
                }
            }
            Truth on = first != null ? first : already != null ? already : borderline;
            if (first != null) {
                foundBy.put(first, a);
            }
            if (on != null) {
                count[on.category() == Category.PATHOLOGICAL ? 1 : 2]++;
                if (scored) {
                    onKind.put(a, on.kind());
                }
            } else if (scored) {
                unmatched++;
                String lookAlike = lookAlike(a, own, dataEnd);
                falseBySeverity.merge(a.severity(), 1, Integer::sum);
                falseByLookAlike.merge(lookAlike, 1, Integer::sum);
                problems.add("false alarm " + a + " (" + Instant.ofEpochMilli(a.startedAt()) + ", during " + lookAlike
                        + ")");
            }
        }
        this.falseAlarms = unmatched;
        counts.forEach((type, c) -> precisions.put(type, new Precision(type, c[0], c[1], c[2])));

        List<Truth> required = truth.stream()
                .filter(t -> t.category() == Category.PATHOLOGICAL && t.start() < horizon)
                .toList();
        for (String kind :
                required.stream().map(Truth::kind).distinct().sorted().toList()) {
            List<Double> delays = new ArrayList<>();
            List<Truth> episodes =
                    required.stream().filter(t -> t.kind().equals(kind)).toList();
            for (Truth t : episodes) {
                AlertEvent found = foundBy.get(t);
                if (found == null) {
                    problems.add("missed " + t + " (" + Instant.ofEpochMilli(t.start()) + " .. "
                            + Instant.ofEpochMilli(t.end()) + ")");
                } else {
                    delays.add(Math.max(0, found.detectedAt() - t.start()) / 60_000.0);
                }
            }
            double[] sorted =
                    delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            recalls.add(new Recall(kind, episodes.size(), sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.9)));
        }
    }

    /** The alert's extent overlaps the episode, within the tolerance; an open alert ends with the data. */
    private static boolean overlaps(AlertEvent a, Truth t, long dataEnd) {
        long tolerance = TOLERANCE.toMillis();
        return a.startedAt() <= t.end() + tolerance && extent(a, dataEnd) >= t.start() - tolerance;
    }

    private static long extent(AlertEvent a, long dataEnd) {
        return a.endedAt() == null ? dataEnd : a.endedAt();
    }

    /** The benign episode a false alarm overlaps most, by kind; {@link #NOTHING} when none. */
    private static String lookAlike(AlertEvent a, List<Truth> own, long dataEnd) {
        String best = NOTHING;
        long longest = -1;
        for (Truth t : own) {
            long overlap = Math.min(extent(a, dataEnd), t.end() + TOLERANCE.toMillis())
                    - Math.max(a.startedAt(), t.start() - TOLERANCE.toMillis());
            if (t.category() == Category.BENIGN && overlap >= 0 && overlap > longest) {
                best = t.kind();
                longest = overlap;
            }
        }
        return best;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    public List<Recall> recalls() {
        return recalls;
    }

    /** Recall of one kind of pathological episode; null when none was scored. */
    public Recall recall(String kind) {
        return recalls.stream().filter(r -> r.kind().equals(kind)).findFirst().orElse(null);
    }

    public Precision precision(AlertType type) {
        return precisions.get(type);
    }

    /**
     * How many alerts were on episodes of {@code kinds} (matching or borderline), against the false alarms
     * on {@code lookAlikes}: the precision of alerting on those kinds.
     */
    public Share share(String name, Set<String> kinds, Set<String> lookAlikes) {
        int on = (int) onKind.values().stream().filter(kinds::contains).count();
        int off = lookAlikes.stream()
                .mapToInt(k -> falseByLookAlike.getOrDefault(k, 0))
                .sum();
        return new Share(name, on, off);
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

    /** False alarms of the given severities per person-day. */
    public double falseAlarmsPerPersonDay(Severity... severities) {
        int sum = 0;
        for (Severity severity : severities) {
            sum += falseBySeverity.getOrDefault(severity, 0);
        }
        return sum / personDays;
    }

    /** False alarms by the benign episode they fell on. */
    public Map<String, Integer> falseAlarmsByLookAlike() {
        return falseByLookAlike;
    }

    /**
     * Markdown: recall and delay per kind of episode, precision per alert type, the given shares, false
     * alarms per person-day by severity and by what they fell on.
     */
    public String table(String title, List<Share> shares) {
        StringBuilder out = new StringBuilder(String.format(
                "%n%s%n%n| pathological episode | episodes | found | recall |"
                        + " median delay | p90 delay |%n|---|---:|---:|---:|---:|---:|%n",
                title));
        for (Recall r : recalls) {
            out.append(String.format(
                    "| %s | %d | %d | %.3f | %.1f min | %.1f min |%n",
                    r.kind(), r.episodes(), r.found(), r.recall(), r.medianDelayMinutes(), r.p90DelayMinutes()));
        }
        out.append(String.format("%n| alert type | alerts | matching a pathological episode | on a borderline episode |"
                + " false | precision |%n|---|---:|---:|---:|---:|---:|%n"));
        for (Precision p : precisions.values()) {
            out.append(String.format(
                    "| %s | %d | %d | %d | %d | %.3f |%n",
                    p.type(), p.alerts(), p.matching(), p.borderline(), p.falseAlarms(), p.precision()));
        }
        for (Share s : shares) {
            out.append(String.format(
                    "%n%s: %d alerts on it, %d false alarms on its look-alikes: precision %.3f%n",
                    s.name(), s.onTheKinds(), s.onLookAlikes(), s.share()));
        }
        out.append(String.format("%n| false alarms | count | per person-day |%n|---|---:|---:|%n"));
        for (Severity severity : Severity.values()) {
            out.append(String.format(
                    "| %s | %d | %.3f |%n",
                    severity, falseBySeverity.getOrDefault(severity, 0), falseAlarmsPerPersonDay(severity)));
        }
        out.append(String.format("| all | %d | %.3f |%n", falseAlarms, falseAlarmsPerPersonDay()));
        out.append(String.format(
                "%nFalse alarms by what they fell on (%.0f person-days): %s%n", personDays, falseByLookAlike));
        return out.toString();
    }
}
