package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.migrate.MigrationException;
import com.heartbeatmonitor.migrate.Migrations;
import com.heartbeatmonitor.migrate.Roles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A database of its own for one test class on the real PostgreSQL server, prepared as the run command
 * prepares one (the migrate step: schema, writer, reader and notifier roles); dropped on close. The server
 * is HEARTBEAT_TEST_POSTGRES (default jdbc:postgresql://127.0.0.1:5432); the administrator is
 * HEARTBEAT_DB_ADMIN_USER, PGUSER or the OS user. Jobs under test connect as the writer role, as in
 * production; tests read as the administrator.
 */
final class TestDatabase implements AutoCloseable {

    private static final String SERVER =
            System.getenv().getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");

    private final String url;
    private final String connectUrl;
    private final Postgres.Admin admin;
    private final JdbcSettings writer;
    private final Roles roles;

    private TestDatabase(String url, String connectUrl, Postgres.Admin admin, JdbcSettings writer, Roles roles) {
        this.url = url;
        this.connectUrl = connectUrl;
        this.admin = admin;
        this.writer = writer;
        this.roles = roles;
    }

    static TestDatabase create() throws SQLException {
        String url = SERVER + "/" + newName();
        Postgres.Admin admin = Postgres.Admin.fromEnvironment();
        JdbcSettings writer = JobOptions.parse("--jdbc-url", url).orElseThrow().jdbc();
        Roles roles = Roles.withDefaultReader(writer.user(), writer.password());
        try {
            Postgres.prepare(url, admin, roles);
        } catch (MigrationException e) {
            throw e; // the server was there; the message says what to fix
        } catch (SQLException e) {
            throw new SQLException(
                    "The tests need a PostgreSQL server where user " + admin.user()
                            + " may create databases and roles, at " + SERVER + " (set HEARTBEAT_TEST_POSTGRES, "
                            + "HEARTBEAT_DB_ADMIN_USER, HEARTBEAT_DB_ADMIN_PASSWORD to use another). "
                            + "On Debian: pg_ctlcluster $(ls /etc/postgresql) main start",
                    e);
        }
        return new TestDatabase(url, url, admin, writer, roles);
    }

    /**
     * A database on another server (e.g. a test's own TLS instance), prepared as above with {@code roles}.
     * {@link #url()} is the plain URL (for --jdbc-url); the test's own connections add {@code parameters}
     * (e.g. {@code ?sslmode=verify-full&sslrootcert=...}).
     */
    static TestDatabase create(String server, String parameters, Postgres.Admin admin, Roles roles)
            throws SQLException {
        String url = server + "/" + newName();
        Postgres.prepare(url + parameters, admin, roles);
        JdbcSettings writer = JobOptions.parse("--jdbc-url", url, "--jdbc-user", roles.writer())
                .orElseThrow()
                .jdbc();
        return new TestDatabase(url, url + parameters, admin, writer, roles);
    }

    private static String newName() {
        return "heartbeat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** host:port of the server, as it appears in the JDBC URL. */
    static String serverHostPort() {
        return SERVER.substring("jdbc:postgresql://".length());
    }

    /** What the job connects with: the writer role. */
    JdbcSettings jdbc() {
        return writer;
    }

    String url() {
        return url;
    }

    /** The migrate step again, as the next start of the run command runs it. */
    Migrations.Result migrate() throws SQLException {
        return Postgres.prepare(connectUrl, admin, roles);
    }

    /** An administrator's connection, for checking what the job wrote. */
    Connection connect() throws SQLException {
        return Postgres.connect(connectUrl, admin);
    }

    /** The first column of every row {@code sql} returns, as text. */
    static List<String> column(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Override
    public void close() throws SQLException {
        Postgres.dropDatabase(connectUrl, admin);
    }
}
