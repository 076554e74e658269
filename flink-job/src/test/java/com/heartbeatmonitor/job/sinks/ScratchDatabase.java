package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.config.JdbcSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.Driver;

/**
 * A database of its own on the real PostgreSQL server with the project's schema (the migrations {@code sql/V*.sql}),
 * dropped on close: what the sinks' statements run against. Connects as the administrator (no roles:
 * the grants are local-stack's business). Server: HEARTBEAT_TEST_POSTGRES (default
 * jdbc:postgresql://127.0.0.1:5432); user: HEARTBEAT_DB_ADMIN_USER, PGUSER or the OS user, as psql picks.
 */
final class ScratchDatabase implements AutoCloseable {

    private static final Map<String, String> ENV = System.getenv();
    private static final String SERVER =
            ENV.getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");
    private static final String USER =
            ENV.getOrDefault("HEARTBEAT_DB_ADMIN_USER", ENV.getOrDefault("PGUSER", System.getProperty("user.name")));
    private static final String PASSWORD =
            ENV.getOrDefault("HEARTBEAT_DB_ADMIN_PASSWORD", ENV.getOrDefault("PGPASSWORD", ""));

    /** A versioned migration as Flyway names it. */
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__\\w+\\.sql");

    private final String name = "heartbeat_job_test_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private ScratchDatabase() {}

    static ScratchDatabase create() throws SQLException {
        ScratchDatabase database = new ScratchDatabase();
        try (Connection server = connect(SERVER + "/postgres");
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            throw new SQLException(
                    "These tests need a PostgreSQL server at " + SERVER + " where " + USER
                            + " may create databases (set HEARTBEAT_TEST_POSTGRES, HEARTBEAT_DB_ADMIN_USER, "
                            + "HEARTBEAT_DB_ADMIN_PASSWORD to use another)",
                    e);
        }
        try (Connection db = database.connect();
                Statement statement = db.createStatement()) {
            for (String file : schemaFiles()) {
                statement.execute(file);
            }
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    String url() {
        return SERVER + "/" + name;
    }

    /**
     * The administrator's settings for the job's sinks: no batch timer, so a written row stays pending until flushed.
     */
    JdbcSettings jdbc() {
        return new JdbcSettings(url(), USER, PASSWORD, 1000, Duration.ZERO, 0);
    }

    Connection connect() throws SQLException {
        return connect(url());
    }

    @Override
    public void close() throws SQLException {
        try (Connection server = connect(SERVER + "/postgres");
                Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        if (!PASSWORD.isEmpty()) {
            props.setProperty("password", PASSWORD);
        }
        props.setProperty("connectTimeout", "10");
        return new Driver().connect(url, props);
    }

    /**
     * Every migration {@code sql/V<n>__<what>.sql}, by version (V10 after V9), as the migrate step applies them to an
     * empty database. The migrate module runs them through Flyway; here plain JDBC is enough, without its history.
     */
    private static List<String> schemaFiles() {
        try (Stream<Path> files =
                Files.list(Path.of(ScratchDatabase.class.getResource("/sql").toURI()))) {
            List<String> schema = new ArrayList<>();
            for (Path file : files.filter(
                            f -> MIGRATION.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(ScratchDatabase::version))
                    .toList()) {
                schema.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            if (schema.isEmpty()) {
                throw new IllegalStateException("no migration sql/V<n>__<what>.sql on the test classpath");
            }
            return schema;
        } catch (IOException | URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot read the schema (sql/V*.sql) from the test classpath", e);
        }
    }

    private static int version(Path migration) {
        Matcher m = MIGRATION.matcher(migration.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(migration + " is not a migration");
        }
        return Integer.parseInt(m.group(1));
    }
}
