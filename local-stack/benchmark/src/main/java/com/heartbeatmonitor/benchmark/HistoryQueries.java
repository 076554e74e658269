package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.local.Postgres;
import com.heartbeatmonitor.migrate.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.copy.CopyIn;

/**
 * Scenario {@code history}: days of readings of many customers loaded by COPY (readings, minute rollups,
 * rejections, alerts, in event-time order as the job writes them), then every dashboard query timed by
 * EXPLAIN ANALYZE, the median of several runs. With {@code --history-schema-dir} the schema comes from
 * another checkout's {@code sql/} (the schema before a change), so both are measured by the same code.
 */
final class HistoryQueries {

    private static final Pattern GROUP_ALIAS = Pattern.compile("\\$__timeGroupAlias\\((\\w+),\\s*'(\\d+)([sm])'\\)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\((\\w+)\\)");
    private static final String TOPIC = "heartbeats";

    record Settings(int days, int customers, Duration interval, int runs, Path schemaDir, Path dashboard) {}

    record Load(String table, long rows, double seconds) {
        double perSecond() {
            return rows / seconds;
        }
    }

    record Timing(String query, double medianMs, double minMs, double maxMs, long rows) {}

    record Result(List<Load> loads, List<Timing> timings, Map<String, String> maintenance) {}

    private HistoryQueries() {}

    static Result run(String url, Postgres.Admin admin, Roles roles, Settings settings) throws Exception {
        HistorySchema.recreate("history", url, admin, roles, settings.schemaDir());
        try (Connection db = Postgres.connect(url, admin)) {
            boolean partitioned =
                    exists(db, "SELECT to_regprocedure('heartbeat_maintenance(timestamptz)') IS NOT NULL");
            boolean messageTime = exists(
                    db,
                    "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'rejected_heartbeats'"
                            + " AND column_name = 'message_time')");
            Instant end = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
            Instant start = end.minus(Duration.ofDays(settings.days()));
            List<Load> loads = load(db, settings, start, end, messageTime);
            long vacuum = System.nanoTime();
            try (Statement s = db.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
            Benchmark.step("history: VACUUM ANALYZE %.1f s", seconds(vacuum));

            List<Timing> timings = time(db, settings);
            Map<String, String> maintenance = new LinkedHashMap<>();
            if (partitioned) {
                maintenance.put("steady (nothing to do)", timeMaintenance(db, "now()"));
                maintenance.put(
                        "24 days later (the oldest filled day dropped, 24 days created)",
                        timeMaintenance(db, "now() + interval '24 days'"));
                maintenance.put(
                        "31 days later (all filled days dropped, 7 days created)",
                        timeMaintenance(db, "now() + interval '31 days'"));
            }
            return new Result(loads, timings, maintenance);
        }
    }

    private static List<Load> load(Connection db, Settings settings, Instant start, Instant end, boolean messageTime)
            throws Exception {
        Benchmark.step(
                "history: COPY of %d days x %,d customers, a reading every %s, ending %s",
                settings.days(), settings.customers(), settings.interval(), end);
        Random random = new Random(7);
        long step = settings.interval().toMillis();
        long offset = 0;
        List<Load> loads = new ArrayList<>();

        CopyIn readings = CopyText.start(
                db,
                "COPY heartbeats (event_id, customer_id, event_time, heart_rate, risk_level, kafka_partition,"
                        + " kafka_offset, ingested_at, late, kafka_topic) FROM STDIN WITH (FORMAT csv)");
        StringBuilder rows = new StringBuilder(CopyText.CHUNK + 1024);
        StringBuilder rejections = new StringBuilder();
        long readingRows = 0;
        long rejectionRows = 0;
        long copyStart = System.nanoTime();
        for (long t = start.toEpochMilli(); t < end.toEpochMilli(); t += step) {
            for (int c = 0; c < settings.customers(); c++) {
                long at = t + (c * 997L) % step; // customers spread over the interval
                long seq = offset++;
                if (seq % 100 == 99) { // 1% of messages rejected
                    rejections
                            .append(TOPIC)
                            .append(',')
                            .append(seq % 2)
                            .append(',')
                            .append(seq / 2)
                            .append(",MALFORMED_JSON,not JSON,{,1,")
                            .append(Instant.ofEpochMilli(at + 300))
                            .append(',')
                            .append(Instant.ofEpochMilli(at + 350));
                    if (messageTime) {
                        rejections.append(',').append(Instant.ofEpochMilli(at));
                    }
                    rejections.append('\n');
                    rejectionRows++;
                    continue;
                }
                int bpm = 55 + random.nextInt(60);
                rows.append(new UUID(random.nextLong(), random.nextLong()))
                        .append(',')
                        .append(customer(c))
                        .append(',')
                        .append(Instant.ofEpochMilli(at))
                        .append(',')
                        .append(bpm)
                        .append(',')
                        .append(RiskBands.DEFAULT.classify(bpm))
                        .append(',')
                        .append(seq % 2)
                        .append(',')
                        .append(seq / 2)
                        .append(',')
                        .append(Instant.ofEpochMilli(at + 300))
                        .append(",false,")
                        .append(TOPIC)
                        .append('\n');
                readingRows++;
                CopyText.flushWhenFull(readings, rows);
            }
        }
        CopyText.flush(readings, rows);
        readings.endCopy();
        loads.add(new Load("heartbeats", readingRows, seconds(copyStart)));
        Benchmark.step(
                "  heartbeats: %,d rows, %,.0f rows/s",
                readingRows, loads.get(0).perSecond());

        loads.add(copyAll(
                db,
                "rejected_heartbeats",
                "COPY rejected_heartbeats (kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload,"
                        + " payload_bytes, received_at, stored_at" + (messageTime ? ", message_time" : "")
                        + ") FROM STDIN WITH (FORMAT csv)",
                rejections,
                rejectionRows));

        // Minute rollups: one row per customer and minute with readings.
        CopyIn minutes = CopyText.start(
                db,
                "COPY heartbeat_minutes (customer_id, minute, readings, min_bpm, max_bpm, avg_bpm) FROM STDIN"
                        + " WITH (FORMAT csv)");
        long minuteRows = 0;
        long minuteStep = Math.max(step, 60_000);
        long minutesStart = System.nanoTime();
        for (long t = start.toEpochMilli(); t < end.toEpochMilli(); t += minuteStep) {
            for (int c = 0; c < settings.customers(); c++) {
                int low = 55 + random.nextInt(30);
                rows.append(customer(c))
                        .append(',')
                        .append(Instant.ofEpochMilli(t))
                        .append(',')
                        .append(Math.max(1, minuteStep / step))
                        .append(',')
                        .append(low)
                        .append(',')
                        .append(low + 10)
                        .append(',')
                        .append(low + 5)
                        .append('\n');
                minuteRows++;
                CopyText.flushWhenFull(minutes, rows);
            }
        }
        CopyText.flush(minutes, rows);
        minutes.endCopy();
        loads.add(new Load("heartbeat_minutes", minuteRows, seconds(minutesStart)));
        Benchmark.step(
                "  heartbeat_minutes: %,d rows, %,.0f rows/s",
                minuteRows, loads.get(2).perSecond());

        // Alerts: two closed episodes per customer and day; one in twenty customers has one open.
        StringBuilder alerts = new StringBuilder();
        long alertRows = 0;
        for (long day = 0; day < settings.days(); day++) {
            for (int c = 0; c < settings.customers(); c++) {
                for (int k = 0; k < 2; k++) {
                    Instant started = start.plus(Duration.ofDays(day))
                            .plusSeconds(random.nextInt(86_000))
                            .truncatedTo(ChronoUnit.SECONDS);
                    boolean open = day == settings.days() - 1 && k == 1 && c % 20 == 0;
                    alerts.append(new UUID(random.nextLong(), random.nextLong()))
                            .append(',')
                            .append(customer(c))
                            .append(k == 0 ? ",TACHYCARDIA,HIGH," : ",BRADYCARDIA,WARNING,")
                            .append(open ? "OPEN," : "CLOSED,")
                            .append(started)
                            .append(',')
                            .append(started.plusSeconds(30))
                            .append(',')
                            .append(open ? "" : started.plusSeconds(600).toString())
                            .append(k == 0 ? ",130" : ",38")
                            .append(",10,2\n");
                    alertRows++;
                }
            }
        }
        loads.add(copyAll(
                db,
                "alerts",
                "COPY alerts (alert_id, customer_id, alert_type, severity, status, started_at, detected_at, ended_at,"
                        + " peak_bpm, readings, revision) FROM STDIN WITH (FORMAT csv)",
                alerts,
                alertRows));
        return loads;
    }

    private static Load copyAll(Connection db, String table, String sql, StringBuilder rows, long count)
            throws SQLException {
        long start = System.nanoTime();
        CopyIn in = CopyText.start(db, sql);
        CopyText.flush(in, rows);
        in.endCopy();
        Load load = new Load(table, count, seconds(start));
        Benchmark.step("  %s: %,d rows, %,.0f rows/s", table, count, load.perSecond());
        return load;
    }

    private static String customer(int c) {
        return String.format("customer-%05d", c);
    }

    /** Every panel's query of the dashboard (and the customer variable's, and the latest_heartbeats view). */
    private static List<Timing> time(Connection db, Settings settings) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(settings.dashboard().toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            queries.put(
                    "variable $" + variable.get("name").asText(),
                    variable.get("query").asText());
        }
        Instant now = Instant.now();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String title = panel.get("title").asText();
                String sql = target.get("rawSql").asText();
                if (sql.contains("$customer")) {
                    queries.put(title + ", last 6 h (raw readings)", expand(sql, now.minus(Duration.ofHours(6)), now));
                    queries.put(
                            title + ", last " + settings.days() + " days (minute rollups)",
                            expand(sql, now.minus(Duration.ofDays(settings.days())), now));
                } else {
                    String range = sql.contains("$__timeFilter") ? " (dashboard range: last 6 h)" : "";
                    queries.put(title + range, expand(sql, now.minus(Duration.ofHours(6)), now));
                }
            }
        }
        queries.put("latest_heartbeats view (every customer's newest reading)", "SELECT * FROM latest_heartbeats");

        List<Timing> timings = new ArrayList<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            double[] ms = new double[settings.runs()];
            long rows = 0;
            explain(db, query.getValue()); // warm-up
            for (int i = 0; i < ms.length; i++) {
                double[] one = explain(db, query.getValue());
                ms[i] = one[0];
                rows = (long) one[1];
            }
            Arrays.sort(ms);
            Timing timing = new Timing(query.getKey(), ms[ms.length / 2], ms[0], ms[ms.length - 1], rows);
            timings.add(timing);
            Benchmark.step(
                    "  %-90s %9.2f ms (min %.2f, max %.2f; %,d rows)",
                    timing.query(), timing.medianMs(), timing.minMs(), timing.maxMs(), rows);
        }
        return timings;
    }

    /** Planning + execution time in ms, and the rows the top node returned. */
    private static double[] explain(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            rs.next();
            JsonNode plan = new ObjectMapper().readTree(rs.getString(1)).get(0);
            return new double[] {
                plan.get("Planning Time").asDouble()
                        + plan.get("Execution Time").asDouble(),
                plan.get("Plan").get("Actual Rows").asDouble()
            };
        }
    }

    /** Grafana's macros as DashboardIT expands them; the customer variable is one customer. */
    private static String expand(String sql, Instant from, Instant to) {
        String expanded = GROUP_ALIAS.matcher(sql).replaceAll(m -> {
            long seconds = Long.parseLong(m.group(2)) * (m.group(3).equals("m") ? 60 : 1);
            return Matcher.quoteReplacement(
                    "floor(extract(epoch from " + m.group(1) + ")/" + seconds + ")*" + seconds + " AS \"time\"");
        });
        expanded = TIME_FILTER
                .matcher(expanded)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " BETWEEN '" + from + "' AND '" + to + "'"));
        return expanded.replace("$__timeFrom()", "'" + from + "'")
                .replace("$__timeTo()", "'" + to + "'")
                .replace("$customer", "'" + customer(42) + "'");
    }

    private static String timeMaintenance(Connection db, String at) throws SQLException {
        long start = System.nanoTime();
        long actions;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM heartbeat_maintenance(" + at + ")")) {
            rs.next();
            actions = rs.getLong(1);
        }
        String result = String.format("%.1f ms, %d actions", (System.nanoTime() - start) / 1e6, actions);
        Benchmark.step("  maintenance at %s: %s", at, result);
        return result;
    }

    private static boolean exists(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A markdown table of the result. */
    static String markdown(Result result, Settings settings) {
        StringBuilder md = new StringBuilder();
        md.append("History: ")
                .append(settings.days())
                .append(" days x ")
                .append(settings.customers())
                .append(" customers, a reading every ")
                .append(settings.interval())
                .append(", schema ")
                .append(settings.schemaDir() == null ? "of this checkout" : settings.schemaDir())
                .append("\n\n| load (COPY) | rows | rows/s |\n|---|---:|---:|\n");
        for (Load load : result.loads()) {
            md.append(String.format("| %s | %,d | %,.0f |%n", load.table(), load.rows(), load.perSecond()));
        }
        md.append("\n| dashboard query | median ms | min | max | rows |\n|---|---:|---:|---:|---:|\n");
        for (Timing t : result.timings()) {
            md.append(String.format(
                    "| %s | %.2f | %.2f | %.2f | %,d |%n", t.query(), t.medianMs(), t.minMs(), t.maxMs(), t.rows()));
        }
        result.maintenance()
                .forEach((k, v) ->
                        md.append("\nmaintenance, ").append(k).append(": ").append(v));
        return md.append('\n').toString();
    }

    static void write(Path dir, Result result, Settings settings) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("history.md"), markdown(result, settings));
    }
}
