package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A database of its own for one test class on the real PostgreSQL server, prepared as the run command
 * prepares one (schema, writer and reader roles); dropped on close. The server is HEARTBEAT_TEST_POSTGRES
 * (default jdbc:postgresql://127.0.0.1:5432); the administrator is HEARTBEAT_DB_ADMIN_USER, PGUSER or the
 * OS user. Jobs under test connect as the writer role, as in production; tests read as the administrator.
 */
final class TestDatabase implements AutoCloseable {

    private static final String SERVER =
            System.getenv().getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");

    private final String url;
    private final String connectUrl;
    private final Postgres.Admin admin;
    private final JdbcSettings writer;

    private TestDatabase(String url, String connectUrl, Postgres.Admin admin, JdbcSettings writer) {
        this.url = url;
        this.connectUrl = connectUrl;
        this.admin = admin;
        this.writer = writer;
    }

    static TestDatabase create() throws SQLException {
        String url = SERVER + "/" + newName();
        Postgres.Admin admin = Postgres.Admin.fromEnvironment();
        JdbcSettings writer = JobOptions.parse("--jdbc-url", url).orElseThrow().jdbc();
        try {
            Postgres.prepare(url, admin, Postgres.Roles.withDefaultReader(writer));
        } catch (SQLException e) {
            throw new SQLException(
                    "The tests need a PostgreSQL server where user " + admin.user()
                            + " may create databases and roles, at " + SERVER + " (set HEARTBEAT_TEST_POSTGRES, "
                            + "HEARTBEAT_DB_ADMIN_USER, HEARTBEAT_DB_ADMIN_PASSWORD to use another). "
                            + "On Debian: pg_ctlcluster $(ls /etc/postgresql) main start",
                    e);
        }
        return new TestDatabase(url, url, admin, writer);
    }

    /**
     * A database on another server (e.g. a test's own TLS instance), prepared as above with {@code roles}.
     * {@link #url()} is the plain URL (for --jdbc-url); the test's own connections add {@code parameters}
     * (e.g. {@code ?sslmode=verify-full&sslrootcert=...}).
     */
    static TestDatabase create(String server, String parameters, Postgres.Admin admin, Postgres.Roles roles)
            throws SQLException {
        String url = server + "/" + newName();
        Postgres.prepare(url + parameters, admin, roles);
        JdbcSettings writer = JobOptions.parse("--jdbc-url", url, "--jdbc-user", roles.writer())
                .orElseThrow()
                .jdbc();
        return new TestDatabase(url, url + parameters, admin, writer);
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

    /** An administrator's connection, for checking what the job wrote. */
    Connection connect() throws SQLException {
        return Postgres.connect(connectUrl, admin);
    }

    @Override
    public void close() throws SQLException {
        Postgres.dropDatabase(connectUrl, admin);
    }
}
