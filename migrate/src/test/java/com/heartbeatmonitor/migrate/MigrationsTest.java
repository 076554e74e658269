package com.heartbeatmonitor.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The migrate step on the real PostgreSQL, each test in an empty database of its own. */
class MigrationsTest {

    /** Tests run in migrate/; the migrations are the files of the repository's sql/. */
    private static final Path SQL = Path.of("..", "sql");

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");

    private ScratchDatabase database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = ScratchDatabase.create();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void sqlHoldsOnlyMigrationsNumberedOneByOne() throws IOException {
        List<Integer> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(SQL)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Matcher m = MIGRATION.matcher(file.getFileName().toString());
                assertThat(m.matches())
                        .as("%s: sql/ holds the migrations V<n>__<what>.sql only (roles/ aside)", file)
                        .isTrue();
                versions.add(Integer.parseInt(m.group(1)));
            }
        }
        versions.sort(null);
        assertThat(versions).as("versions 1, 2, 3 ... without gaps").isEqualTo(expectedVersions(versions.size()));
        assertThat(Migrations.grantsSql()).contains("GRANT", "current_setting('heartbeat.writer')");
    }

    @Test
    void anEmptyDatabaseMigratesToTheLatestVersionWithTheRolesGranted() throws SQLException, IOException {
        Migrations.Result result = Migrations.migrate(database.target(), ScratchDatabase.ROLES);

        int latest = latestVersion();
        assertThat(result.baselined()).isFalse();
        assertThat(result.fromVersion()).isEqualTo("none");
        assertThat(result.toVersion()).isEqualTo(String.valueOf(latest));
        assertThat(result.migrationsApplied()).isEqualTo(latest);
        assertThat(result.maintenanceActions())
                .as("the first run already created the partitions (V4); the step's own run finds nothing to do")
                .isZero();
        assertThat(result.summary()).startsWith("migrated from version none to " + latest);
        try (Connection db = database.connect()) {
            assertThat(SchemaSnapshot.history(db)).isEqualTo(historyOfSql());
            assertThat(Integer.parseInt(
                            single(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'heartbeats'::regclass")))
                    .as("the default partition and the days around today")
                    .isGreaterThan(30);
            assertThat(single(
                            db,
                            "SELECT has_table_privilege('" + Roles.DEFAULT_WRITER + "', 'heartbeats', 'INSERT')"
                                    + " AND has_table_privilege('" + Roles.DEFAULT_READER + "', 'alerts', 'SELECT')"
                                    + " AND NOT has_table_privilege('" + Roles.DEFAULT_READER
                                    + "', 'rejected_heartbeats', 'SELECT')"
                                    + " AND has_table_privilege('" + Roles.DEFAULT_NOTIFIER
                                    + "', 'alert_notifications', 'UPDATE')"))
                    .isEqualTo("t");
        }
    }

    /**
     * The notifier's ledger before escalation (V5..V8) gains a step in its key (V9): what was delivered stays
     * delivered as step 0 of the same contact point, and reading that revision again adds nothing.
     */
    @Test
    void theLedgersRowsFromBeforeEscalationStayValidAsStepZero() throws SQLException {
        org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader())
                .configuration(Migrations.flyway(database.target(), List.of(Migrations.LOCATION))
                        .getConfiguration())
                .target("8")
                .load()
                .migrate();
        String delivered = "4a1f2b3c-0000-3000-8000-000000000001";
        String pending = "4a1f2b3c-0000-3000-8000-000000000002";
        try (Connection db = database.connect();
                Statement statement = db.createStatement()) {
            statement.executeUpdate("INSERT INTO alert_notifications (alert_id, revision, contact_point, kind, alert,"
                    + " state, attempts, delivered_at) VALUES ('" + delivered + "', 1, 'webhook', 'NEW', '{}',"
                    + " 'delivered', 1, now()), ('" + pending
                    + "', 2, 'slack', 'ESCALATED', '{}', 'pending', 3, null)");
        }

        Migrations.migrate(database.target(), ScratchDatabase.ROLES);

        try (Connection db = database.connect();
                Statement statement = db.createStatement()) {
            assertThat(single(
                            db,
                            "SELECT string_agg(contact_point || ':' || step || ':' || state || ':' || attempts || ':'"
                                    + " || coalesce(target, '-'), ',' ORDER BY alert_id) FROM alert_notifications"))
                    .isEqualTo("webhook:0:delivered:1:-,slack:0:pending:3:-");
            assertThat(statement.executeUpdate("INSERT INTO alert_notifications (alert_id, revision, contact_point,"
                            + " step, kind, alert) VALUES ('" + delivered + "', 1, 'webhook', 0, 'NEW', '{}')"
                            + " ON CONFLICT (alert_id, revision, contact_point, step) DO NOTHING"))
                    .as("the same revision read again after the upgrade")
                    .isZero();
        }
    }

    @Test
    void migratingTwiceIsANoOp() throws SQLException {
        Migrations.migrate(database.target(), ScratchDatabase.ROLES);
        List<String> schema;
        List<String> history;
        try (Connection db = database.connect()) {
            schema = SchemaSnapshot.of(db);
            history = SchemaSnapshot.history(db);
        }

        Migrations.Result again = Migrations.migrate(database.target(), ScratchDatabase.ROLES);

        assertThat(again.migrationsApplied()).isZero();
        assertThat(again.summary()).startsWith("schema at version " + again.toVersion() + ", nothing to migrate");
        try (Connection db = database.connect()) {
            assertThat(SchemaSnapshot.of(db)).isEqualTo(schema);
            assertThat(SchemaSnapshot.history(db)).isEqualTo(history);
        }
    }

    @Test
    void aFailedMigrationFailsWithWhatToFixAndLeavesTheDatabaseAtItsVersion() throws SQLException, IOException {
        Migrations.migrate(database.target(), ScratchDatabase.ROLES);
        String latest = String.valueOf(latestVersion());
        List<String> schema;
        try (Connection db = database.connect()) {
            schema = SchemaSnapshot.of(db);
        }

        // A migration that creates a table, then meets an error: nothing of it may remain.
        assertThatThrownBy(() -> Migrations.migrate(
                        database.target(),
                        ScratchDatabase.ROLES,
                        List.of(Migrations.LOCATION, "classpath:db/broken-migration")))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V9999__fails_on_purpose.sql")
                .hasMessageContaining("no_such_table")
                .hasMessageContaining("Fix: PostgreSQL ran the failed migration in a transaction and rolled it back:"
                        + " the database is still at version " + latest);

        try (Connection db = database.connect()) {
            assertThat(SchemaSnapshot.of(db)).isEqualTo(schema);
            assertThat(single(db, "SELECT to_regclass('created_before_the_failure') IS NULL"))
                    .isEqualTo("t");
            assertThat(single(db, "SELECT count(*) FROM " + Migrations.HISTORY_TABLE + " WHERE NOT success"))
                    .isEqualTo("0");
        }
        // No repair needed: the next run of this release's migrations goes through.
        assertThat(Migrations.migrate(database.target(), ScratchDatabase.ROLES).toVersion())
                .isEqualTo(latest);
    }

    @Test
    void anEditedAppliedMigrationIsRefusedWithWhatToDo() throws SQLException {
        Migrations.migrate(database.target(), ScratchDatabase.ROLES);
        try (Connection db = database.connect();
                Statement s = db.createStatement()) {
            // As if V3's file had been changed after it ran: its checksum no longer matches.
            s.executeUpdate("UPDATE " + Migrations.HISTORY_TABLE + " SET checksum = checksum + 1 WHERE version = '3'");
        }

        assertThatThrownBy(() -> Migrations.migrate(database.target(), ScratchDatabase.ROLES))
                .isInstanceOf(MigrationException.class)
                .hasMessageContainingAll("checksum", "3")
                .hasMessageContaining("Fix: an applied migration no longer matches its file")
                .hasMessageContaining("put the change in a new migration");
    }

    @Test
    void anAdministratorAsARoleIsRefusedWithTheHint() throws SQLException {
        Roles adminAsWriter = new Roles(ScratchDatabase.USER, "", Roles.DEFAULT_READER, "");

        assertThatThrownBy(() -> Migrations.migrate(database.target(), adminAsWriter))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("must be ordinary roles")
                .hasMessageContaining("HEARTBEAT_JDBC_USER")
                .hasMessageContaining("Fix: ");
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() {
        Migrations.Target missing = new Migrations.Target(
                ScratchDatabase.SERVER + "/" + database.name() + "_missing", ScratchDatabase.USER, "");

        assertThatThrownBy(() -> Migrations.migrate(missing, ScratchDatabase.ROLES))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining(database.name() + "_missing")
                .hasMessageContaining("the database must exist");
    }

    private static int latestVersion() throws IOException {
        try (Stream<Path> files = Files.list(SQL)) {
            return files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
        }
    }

    /** The history Flyway writes for sql/ on an empty database: each file, in version order, successful. */
    static List<String> historyOfSql() throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(SQL)) {
            files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.group(1)), Integer.parseInt(b.group(1))))
                    .forEach(m ->
                            rows.add(m.group(1) + " " + m.group(2).replace('_', ' ') + " SQL " + m.group() + " true"));
        }
        return rows;
    }

    private static List<Integer> expectedVersions(int count) {
        List<Integer> versions = new ArrayList<>();
        for (int v = 1; v <= count; v++) {
            versions.add(v);
        }
        return versions;
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
