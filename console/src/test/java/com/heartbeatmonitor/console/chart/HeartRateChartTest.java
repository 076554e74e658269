package com.heartbeatmonitor.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.console.alerts.Alert;
import com.heartbeatmonitor.console.alerts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeartRateChartTest {

    private static final Instant END = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    private static List<MinuteRollup> minutes(int fromMinutesAgo, int toMinutesAgo, int bpm) {
        List<MinuteRollup> minutes = new ArrayList<>();
        for (int i = fromMinutesAgo; i > toMinutesAgo; i--) {
            minutes.add(new MinuteRollup(END.minus(Duration.ofMinutes(i)), 60, bpm - 5, bpm + 5, bpm));
        }
        return minutes;
    }

    @Test
    void aSilenceLongerThanTheGapBreaksTheLine() {
        List<MinuteRollup> all = new ArrayList<>(minutes(120, 60, 70));
        all.addAll(minutes(50, 0, 70)); // ten minutes without readings
        assertThat(HeartRateChart.runs(all)).hasSize(2);
        String svg = HeartRateChart.svg(all, 120, 45, List.of(), END, DAY);
        assertThat(count(svg, "<polyline class=\"avg\"")).isEqualTo(2);
        assertThat(count(svg, "<polygon class=\"range\"")).isEqualTo(2);
    }

    @Test
    void thresholdsAndAlertsAreMarkedWhereTheyBelong() {
        Alert alert = new Alert(
                UUID.randomUUID(),
                "c",
                "TACHYCARDIA",
                Severity.CRITICAL,
                "OPEN",
                END.minus(Duration.ofHours(6)),
                END,
                null,
                170,
                10,
                1,
                120,
                45,
                null);
        String svg = HeartRateChart.svg(minutes(60, 0, 80), 120, 45, List.of(alert), END, DAY);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
        assertThat(svg)
                .contains("class=\"threshold high\"")
                .contains(">high 120<")
                .contains(">low 45<");
        // The open alert spans the last quarter of the plot: from 6 h before the end to the end.
        Matcher rect = Pattern.compile("<rect class=\"alert critical\" x=\"([0-9.]+)\" y=\"\\d+\" width=\"([0-9.]+)\"")
                .matcher(svg);
        assertThat(rect.find()).isTrue();
        double plot = HeartRateChart.WIDTH - HeartRateChart.LEFT - HeartRateChart.RIGHT;
        assertThat(Double.parseDouble(rect.group(1))).isCloseTo(HeartRateChart.LEFT + plot * 0.75, within());
        assertThat(Double.parseDouble(rect.group(2))).isCloseTo(plot * 0.25, within());
    }

    @Test
    void theAxisTakesInReadingsBeyondTheUsualRangeAndSaysWhenThereAreNone() {
        String svg = HeartRateChart.svg(minutes(10, 0, 200), null, null, List.of(), END, DAY);
        assertThat(svg).contains(">200<").doesNotContain("threshold");
        assertThat(HeartRateChart.svg(List.of(), null, null, List.of(), END, DAY))
                .contains("No readings in the last 24 h");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.2);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
