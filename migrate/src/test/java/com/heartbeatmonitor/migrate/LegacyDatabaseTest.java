package com.heartbeatmonitor.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A database built before versioned migrations (the last release's {@code sql/}, see
 * src/test/resources/legacy-sql/README.md) is picked up: the migrate step baselines it, runs the migrations over
 * it, and its schema is then exactly that of an empty database migrated from scratch; its rows stay.
 */
class LegacyDatabaseTest {

    private static final String RELEASE = "main-0bdc021";

    @Test
    void aDatabaseBuiltByTheLastReleasesSqlIsBaselinedAndEndsLikeAFreshOne() throws Exception {
        try (ScratchDatabase fresh = ScratchDatabase.create();
                ScratchDatabase legacy = ScratchDatabase.create()) {
            Migrations.migrate(fresh.target(), ScratchDatabase.ROLES);
            buildAsBefore(legacy, file -> true);
            try (Connection db = legacy.connect();
                    Statement s = db.createStatement()) {
                s.execute("INSERT INTO alerts (alert_id, customer_id, alert_type, severity, status, started_at,"
                        + " detected_at, readings, revision) VALUES ('00000000-0000-4000-8000-000000000001', 'c1',"
                        + " 'TACHYCARDIA', 'HIGH', 'OPEN', now(), now(), 3, 1)");
                s.execute("INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate, risk_level,"
                        + " kafka_partition, kafka_offset, kafka_topic) VALUES ('00000000-0000-4000-8000-000000000002',"
                        + " 'c1', now(), 150, 'HIGH', 0, 7, 'heartbeats')");
                s.execute("UPDATE heartbeat_retention SET keep = interval '90 days' WHERE table_name = 'heartbeats'");
            }

            Migrations.Result result = Migrations.migrate(legacy.target(), ScratchDatabase.ROLES);

            assertThat(result.baselined()).isTrue();
            assertThat(result.fromVersion()).isEqualTo(Migrations.BASELINE_VERSION);
            assertThat(result.summary()).contains("baselined at version 0");
            try (Connection a = fresh.connect();
                    Connection b = legacy.connect()) {
                assertThat(withoutRetention(SchemaSnapshot.of(b))).isEqualTo(withoutRetention(SchemaSnapshot.of(a)));
                List<String> history = new ArrayList<>();
                history.add("0 " + Migrations.BASELINE_DESCRIPTION + " BASELINE " + Migrations.BASELINE_DESCRIPTION
                        + " true");
                history.addAll(MigrationsTest.historyOfSql());
                assertThat(SchemaSnapshot.history(b)).isEqualTo(history);
                // The rows and a changed setting survive: the migrations only add what is missing.
                assertThat(single(b, "SELECT status || ' ' || readings FROM alerts"))
                        .isEqualTo("OPEN 3");
                assertThat(single(b, "SELECT heart_rate || ' ' || tableoid::regclass FROM heartbeats"))
                        .startsWith("150 heartbeats_p");
                // V3 recorded its event_id as it was copied over; V11 keys the days by (event_time, event_id) instead.
                assertThat(single(b, "SELECT to_regclass('heartbeat_event_ids') IS NULL"))
                        .isEqualTo("t");
                assertThat(single(b, "SELECT keep FROM heartbeat_retention WHERE table_name = 'heartbeats'"))
                        .isEqualTo("90 days");
            }
            // And from then on it is an ordinary migrated database.
            assertThat(Migrations.migrate(legacy.target(), ScratchDatabase.ROLES)
                            .migrationsApplied())
                    .isZero();
        }
    }

    /** A database of an older release still (before per-customer settings and activity) is completed too. */
    @Test
    void anOlderDatabaseLackingTablesAndColumnsIsCompleted() throws Exception {
        try (ScratchDatabase fresh = ScratchDatabase.create();
                ScratchDatabase older = ScratchDatabase.create()) {
            Migrations.migrate(fresh.target(), ScratchDatabase.ROLES);
            buildAsBefore(older, file -> file.compareTo("005b") < 0);
            try (Connection a = fresh.connect();
                    Connection b = older.connect()) {
                // What the comparison below must see: the older database lacks a table and a column.
                String settingsTable = "relation | customer_settings |";
                String activityColumn = "column \\| heartbeats \\| \\d+ \\| activity \\|.*";
                assertThat(SchemaSnapshot.of(a))
                        .anyMatch(line -> line.startsWith(settingsTable))
                        .anyMatch(line -> line.matches(activityColumn));
                assertThat(SchemaSnapshot.of(b))
                        .noneMatch(line -> line.startsWith(settingsTable))
                        .noneMatch(line -> line.matches(activityColumn));
            }

            Migrations.migrate(older.target(), ScratchDatabase.ROLES);

            try (Connection a = fresh.connect();
                    Connection b = older.connect()) {
                assertThat(SchemaSnapshot.of(b)).isEqualTo(SchemaSnapshot.of(a));
            }
        }
    }

    /**
     * As the release did on every start: its schema files in name order, then the roles file with the settings
     * bound over JDBC (compose's 006-roles.sh ran the same file through psql).
     */
    private static void buildAsBefore(ScratchDatabase database, Predicate<String> which)
            throws SQLException, IOException, URISyntaxException {
        Path folder = Path.of(
                LegacyDatabaseTest.class.getResource("/legacy-sql/" + RELEASE).toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .filter(p -> which.test(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        Roles roles = ScratchDatabase.ROLES;
        try (Connection db = database.connect();
                Statement s = db.createStatement()) {
            for (Path file : files) {
                s.execute(Files.readString(file, StandardCharsets.UTF_8));
            }
            String grants = Files.readString(folder.resolve("roles").resolve("grant-roles.sql"));
            if (!which.test("005b")) {
                // The older release's grants knew no settings tables: grant what existed then.
                grants = grants.replace(", customer_settings, customer_settings_history", "")
                        .replaceAll("(?m)^.*customer_settings.*$", "");
            }
            try (PreparedStatement settings = db.prepareStatement("SELECT set_config('heartbeat.writer', ?, false),"
                    + " set_config('heartbeat.writer_password', '', false), set_config('heartbeat.reader', ?, false),"
                    + " set_config('heartbeat.reader_password', '', false), set_config('heartbeat.notifier', ?,"
                    + " false), set_config('heartbeat.notifier_password', '', false)")) {
                settings.setString(1, roles.writer());
                settings.setString(2, roles.reader());
                settings.setString(3, roles.notifier());
                settings.executeQuery().close();
            }
            s.execute(grants);
        }
    }

    private static List<String> withoutRetention(List<String> snapshot) {
        return snapshot.stream()
                .filter(line -> !line.startsWith("retention | heartbeats |"))
                .toList();
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
