package com.heartbeatmonitor.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The one migrate step, as the database's administrator: the versioned migrations of {@code sql/} (Flyway, each in
 * its own transaction, recorded in {@code flyway_schema_history}), then the roles and their grants
 * ({@code sql/roles/grant-roles.sql}, names and passwords bound as settings, never spliced into SQL text), then one
 * run of the partition maintenance, so the days ahead exist whenever a deployment starts.
 *
 * <p>A database built before migrations (by {@code sql/001}-{@code 007}, applied on every start; no history table)
 * is baselined at version {@value #BASELINE_VERSION}, below V1: V1..Vn then run over it. They are idempotent, so
 * they complete whatever such a database lacks and change nothing else (LegacyDatabaseTest proves it against the
 * files of the last release that had them).
 */
public final class Migrations {

    /** Where the build puts {@code sql/*.sql} on the classpath. */
    public static final String LOCATION = "classpath:db/migration";
    /** Roles and grants: not a migration, since it takes the role settings and runs on every migrate. */
    static final String GRANTS = "/db/roles/grant-roles.sql";
    /** Below V1: a database from before migrations gets every migration, all idempotent, run over it. */
    public static final String BASELINE_VERSION = "0";

    static final String BASELINE_DESCRIPTION = "database from before versioned migrations";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** The database and who migrates it: its administrator, who will own the tables. */
    public record Target(String url, String user, String password) {

        public Target {
            password = password == null ? "" : password;
        }

        @Override
        public String toString() {
            return "Target[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }

    /** What one run did. Versions are Flyway's ("0" for a baseline, "none" for an empty database). */
    public record Result(
            boolean baselined, String fromVersion, String toVersion, int migrationsApplied, int maintenanceActions) {

        /** One line for the log. */
        public String summary() {
            String schema;
            if (migrationsApplied == 0) {
                schema = "schema at version " + toVersion + ", nothing to migrate";
            } else if (baselined) {
                schema = "a database from before versioned migrations, baselined at version " + BASELINE_VERSION
                        + " and migrated to version " + toVersion + " (" + migrationsApplied + " migrations)";
            } else {
                schema = "migrated from version " + fromVersion + " to " + toVersion + " (" + migrationsApplied
                        + (migrationsApplied == 1 ? " migration)" : " migrations)");
            }
            return schema + "; roles granted; partition maintenance: " + maintenanceActions + " actions";
        }
    }

    private Migrations() {}

    /** Migrates the database, grants the roles and runs the partition maintenance once. */
    public static Result migrate(Target target, Roles roles) throws MigrationException {
        return migrate(target, roles, List.of(LOCATION));
    }

    /** The same with other migration locations (tests add a broken one). */
    static Result migrate(Target target, Roles roles, List<String> locations) throws MigrationException {
        Flyway flyway;
        try {
            flyway = flyway(target, locations);
        } catch (FlywayException e) {
            throw MigrationException.migrationFailed(target, e, false, "unknown");
        }
        boolean baseline;
        try (Connection connection = connect(target)) {
            baseline = isFromBeforeMigrations(connection);
        } catch (SQLException e) {
            throw MigrationException.cannotConnect(target, e);
        }
        MigrateResult migrated;
        try {
            migrated = flyway.migrate();
        } catch (FlywayException e) {
            throw MigrationException.migrationFailed(target, e, e instanceof FlywayValidateException, version(flyway));
        }
        int actions;
        try (Connection connection = connect(target)) {
            grantRoles(connection, roles);
            actions = maintain(connection);
        } catch (SQLException e) {
            throw MigrationException.grantsFailed(target, roles, e);
        }
        String to = migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : version(flyway);
        return new Result(
                baseline && migrated.migrationsExecuted > 0,
                baseline ? BASELINE_VERSION : orNone(migrated.initialSchemaVersion),
                orNone(to),
                migrated.migrationsExecuted,
                actions);
    }

    /** Flyway as the migrate step runs it; also for the tests' look at the history. */
    static Flyway flyway(Target target, List<String> locations) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(target.url(), target.user(), target.password().isEmpty() ? null : target.password())
                .locations(locations.toArray(String[]::new))
                // A jar without its migrations must not look like a database with nothing to do.
                .failOnMissingLocations(true)
                // A file in sql/ whose name Flyway would skip (V8-foo.sql) is a mistake, not a comment.
                .validateMigrationNaming(true)
                // Plain SQL: a "${" in a migration is text, not a Flyway placeholder.
                .placeholderReplacement(false)
                .baselineOnMigrate(true)
                .baselineVersion(BASELINE_VERSION)
                .baselineDescription(BASELINE_DESCRIPTION)
                .load();
    }

    /** Creates the roles if missing and grants them their rights; names and passwords are bound, not spliced. */
    static void grantRoles(Connection connection, Roles roles) throws SQLException {
        // Session settings (is_local false) on this connection, read by the DO block of grant-roles.sql.
        try (PreparedStatement settings = connection.prepareStatement(
                "SELECT set_config('heartbeat.writer', ?, false), set_config('heartbeat.writer_password', ?, false),"
                        + " set_config('heartbeat.reader', ?, false), set_config('heartbeat.reader_password', ?, "
                        + "false), set_config('heartbeat.notifier', ?, false),"
                        + " set_config('heartbeat.notifier_password', ?, false),"
                        + " set_config('heartbeat.console', ?, false), set_config('heartbeat.console_password', ?,"
                        + " false)")) {
            settings.setString(1, roles.writer());
            settings.setString(2, roles.writerPassword());
            settings.setString(3, roles.reader());
            settings.setString(4, roles.readerPassword());
            settings.setString(5, roles.notifier());
            settings.setString(6, roles.notifierPassword());
            settings.setString(7, roles.console());
            settings.setString(8, roles.consolePassword());
            settings.executeQuery().close();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(grantsSql());
        }
    }

    /** One run of heartbeat_maintenance() (V4): the partitions ahead, as every start of the pipeline had them. */
    private static int maintain(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM heartbeat_maintenance()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Tables in the schema but no history: built by the files of before (or by hand). Flyway decides alike. */
    private static boolean isFromBeforeMigrations(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                        "SELECT to_regclass(?) IS NULL AND EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n"
                                + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema())");
                ResultSet rs = bind(query, HISTORY_TABLE).executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, String value) throws SQLException {
        statement.setString(1, value);
        return statement;
    }

    /** The schema's current version as Flyway sees it, for messages; "unknown" when it cannot tell. */
    static String version(Flyway flyway) {
        try {
            MigrationInfo current = flyway.info().current();
            return current == null || current.getVersion() == null
                    ? "none"
                    : current.getVersion().getVersion();
        } catch (FlywayException e) {
            return "unknown";
        }
    }

    static Connection connect(Target target) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (!target.password().isEmpty()) {
            props.setProperty("password", target.password());
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        return DriverManager.getConnection(target.url(), props);
    }

    static String grantsSql() {
        try (InputStream in = Migrations.class.getResourceAsStream(GRANTS)) {
            if (in == null) {
                throw new IllegalStateException(GRANTS + " is not on the classpath: the migrate jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + GRANTS, e);
        }
    }

    private static String orNone(String version) {
        return version == null || version.isEmpty() ? "none" : version;
    }
}
