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
    private final Postgres.Admin admin;
    private final JdbcSettings writer;

    private TestDatabase(String url, Postgres.Admin admin, JdbcSettings writer) {
        this.url = url;
        this.admin = admin;
        this.writer = writer;
    }

    static TestDatabase create() throws SQLException {
        String url = SERVER + "/heartbeat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Postgres.Admin admin = Postgres.Admin.fromEnvironment();
        JdbcSettings writer = JobOptions.parse("--jdbc-url", url).orElseThrow().jdbc();
        try {
            Postgres.prepare(url, admin, Postgres.Roles.withDefaultReader(writer));
        } catch (SQLException e) {
            throw new SQLException("The tests need a PostgreSQL server where user " + admin.user()
                    + " may create databases and roles, at " + SERVER + " (set HEARTBEAT_TEST_POSTGRES, "
                    + "HEARTBEAT_DB_ADMIN_USER, HEARTBEAT_DB_ADMIN_PASSWORD to use another). "
                    + "On Debian: pg_ctlcluster $(ls /etc/postgresql) main start", e);
        }
        return new TestDatabase(url, admin, writer);
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
        return Postgres.connect(url, admin);
    }

    @Override
    public void close() throws SQLException {
        Postgres.dropDatabase(url, admin);
    }
}
