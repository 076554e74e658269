package com.heartbeatmonitor.console.chart;

import com.heartbeatmonitor.console.alerts.Alert;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The customer page's chart as an SVG document, drawn on the server: the minute rollups' range (min to max) as a
 * band and their average as a line, the customer's high and low thresholds as dashed lines, and each alert as a
 * shaded span coloured by severity. No script, no chart library: the page stays a plain HTML page. A gap of more
 * than {@link #GAP} between minutes breaks the line, so a lost signal shows as one.
 */
public final class HeartRateChart {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 280;
    /** Room for the axis labels. */
    static final int LEFT = 44;

    static final int RIGHT = 10;
    static final int TOP = 10;
    static final int BOTTOM = 26;
    /** The y axis spans at least this, so a steady heart rate is not drawn as a storm. */
    static final int MIN_BPM = 40;

    static final int MAX_BPM = 160;
    /** Minutes further apart than this are not joined: the wearable sent nothing in between. */
    static final Duration GAP = Duration.ofMinutes(3);

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Instant start;
    private final Instant end;
    private final int lowBpm;
    private final int highBpm;

    private HeartRateChart(Instant start, Instant end, int lowBpm, int highBpm) {
        this.start = start;
        this.end = end;
        this.lowBpm = lowBpm;
        this.highBpm = highBpm;
    }

    /**
     * The SVG of {@code minutes} over [end - span, end]; thresholds may be null (then none is drawn), alerts are
     * the customer's alerts overlapping the span.
     */
    public static String svg(
            List<MinuteRollup> minutes, Integer high, Integer low, List<Alert> alerts, Instant end, Duration span) {
        int top = MAX_BPM;
        int bottom = MIN_BPM;
        for (MinuteRollup m : minutes) {
            top = Math.max(top, m.maxBpm());
            bottom = Math.min(bottom, m.minBpm());
        }
        if (high != null) {
            top = Math.max(top, high);
        }
        if (low != null) {
            bottom = Math.min(bottom, low);
        }
        // Round outwards to tens, for labelled grid lines.
        HeartRateChart chart = new HeartRateChart(end.minus(span), end, bottom / 10 * 10, (top + 9) / 10 * 10);
        return chart.draw(minutes, high, low, alerts);
    }

    private String draw(List<MinuteRollup> minutes, Integer high, Integer low, List<Alert> alerts) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Heart rate, last 24 hours\">");
        for (Alert alert : alerts) {
            double x1 = x(alert.startedAt().isBefore(start) ? start : alert.startedAt());
            Instant alertEnd = alert.endedAt() == null || alert.endedAt().isAfter(end) ? end : alert.endedAt();
            double x2 = Math.max(x(alertEnd), x1 + 2);
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"alert %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s %s from %s"
                            + "</title></rect>",
                    alert.severity().name().toLowerCase(Locale.ROOT),
                    x1,
                    TOP,
                    x2 - x1,
                    HEIGHT - TOP - BOTTOM,
                    alert.severity(),
                    alert.type(),
                    alert.startedAt()));
        }
        for (int bpm = lowBpm; bpm <= highBpm; bpm += 20) {
            double y = y(bpm);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                            + "<text class=\"axis\" x=\"%d\" y=\"%.1f\">%d</text>",
                    LEFT,
                    y,
                    WIDTH - RIGHT,
                    y,
                    LEFT - 6,
                    y + 4,
                    bpm));
        }
        for (int hour = 0; hour <= 24; hour += 3) {
            Instant t = start.plus(Duration.ofHours(hour));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"axis time%s\" x=\"%.1f\" y=\"%d\">%s</text>",
                    hour == 24 ? " last" : "",
                    x(t),
                    HEIGHT - 8,
                    HOUR.format(t) + (hour == 24 ? " UTC" : "")));
        }
        for (List<MinuteRollup> run : runs(minutes)) {
            StringBuilder band = new StringBuilder();
            StringBuilder line = new StringBuilder();
            for (MinuteRollup m : run) {
                band.append(point(m.minute(), m.maxBpm()));
                line.append(point(m.minute(), m.avgBpm()));
            }
            for (int i = run.size() - 1; i >= 0; i--) {
                band.append(point(run.get(i).minute(), run.get(i).minBpm()));
            }
            svg.append("<polygon class=\"range\" points=\"")
                    .append(band.toString().strip())
                    .append("\"/>");
            svg.append("<polyline class=\"avg\" points=\"")
                    .append(line.toString().strip())
                    .append("\"/>");
        }
        threshold(svg, high, "high");
        threshold(svg, low, "low");
        if (minutes.isEmpty()) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"empty\" x=\"%d\" y=\"%d\">No readings in the last 24 h</text>",
                    WIDTH / 2,
                    HEIGHT / 2));
        }
        return svg.append("</svg>").toString();
    }

    private void threshold(StringBuilder svg, Integer bpm, String kind) {
        if (bpm == null) {
            return;
        }
        double y = y(bpm);
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"threshold %s\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                        + "<text class=\"threshold-label\" x=\"%d\" y=\"%.1f\">%s %d</text>",
                kind,
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                WIDTH - RIGHT - 70,
                y - 4,
                kind,
                bpm));
    }

    /** The minutes in time order, split where the wearable was silent for longer than {@link #GAP}. */
    static List<List<MinuteRollup>> runs(List<MinuteRollup> minutes) {
        List<List<MinuteRollup>> runs = new ArrayList<>();
        List<MinuteRollup> run = new ArrayList<>();
        MinuteRollup previous = null;
        for (MinuteRollup m : minutes) {
            if (previous != null
                    && Duration.between(previous.minute(), m.minute()).compareTo(GAP) > 0) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(m);
            previous = m;
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private String point(Instant t, double bpm) {
        return String.format(Locale.ROOT, "%.1f,%.1f ", x(t), y(bpm));
    }

    double x(Instant t) {
        double share = (double) Duration.between(start, t).toMillis()
                / Duration.between(start, end).toMillis();
        return LEFT + Math.max(0, Math.min(1, share)) * (WIDTH - LEFT - RIGHT);
    }

    double y(double bpm) {
        double share = (bpm - lowBpm) / (highBpm - lowBpm);
        return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
    }
}
