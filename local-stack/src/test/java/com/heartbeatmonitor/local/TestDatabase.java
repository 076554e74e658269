package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A database of its own for one test class on the real PostgreSQL server, with the schema applied;
 * dropped on close. The server is HEARTBEAT_TEST_POSTGRES (default jdbc:postgresql://127.0.0.1:5432);
 * user and password resolve as the job's do (HEARTBEAT_JDBC_USER, PGUSER, the OS user).
 */
final class TestDatabase implements AutoCloseable {

    private static final String SERVER =
            System.getenv().getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");

    private final JdbcSettings jdbc;

    private TestDatabase(JdbcSettings jdbc) {
        this.jdbc = jdbc;
    }

    static TestDatabase create() throws SQLException {
        String url = SERVER + "/heartbeat_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        JdbcSettings jdbc = JobOptions.parse("--jdbc-url", url).orElseThrow().jdbc();
        try {
            Postgres.prepare(jdbc);
        } catch (SQLException e) {
            throw new SQLException("The tests need a PostgreSQL server where user " + jdbc.user()
                    + " may create databases, at " + SERVER + " (set HEARTBEAT_TEST_POSTGRES, PGUSER, PGPASSWORD "
                    + "to use another). On Debian: pg_ctlcluster $(ls /etc/postgresql) main start", e);
        }
        return new TestDatabase(jdbc);
    }

    JdbcSettings jdbc() {
        return jdbc;
    }

    String url() {
        return jdbc.url();
    }

    Connection connect() throws SQLException {
        return Postgres.connect(jdbc);
    }

    @Override
    public void close() throws SQLException {
        Postgres.dropDatabase(jdbc.url(), jdbc.user(), jdbc.password());
    }
}
