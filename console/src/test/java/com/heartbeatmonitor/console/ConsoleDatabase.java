package com.heartbeatmonitor.console;

import com.heartbeatmonitor.migrate.Migrations;
import com.heartbeatmonitor.migrate.Roles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A database of its own on the real PostgreSQL server (HEARTBEAT_TEST_POSTGRES, administrator
 * HEARTBEAT_DB_ADMIN_USER/_PASSWORD, as every module's tests take them), migrated by the one migrate step with the
 * console's role granted; the console's tests connect as that role, so they run with exactly its rights. Dropped on
 * close.
 */
public final class ConsoleDatabase implements AutoCloseable {

    private static final Map<String, String> ENV = System.getenv();
    static final String SERVER = ENV.getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");
    static final String ADMIN =
            ENV.getOrDefault("HEARTBEAT_DB_ADMIN_USER", ENV.getOrDefault("PGUSER", System.getProperty("user.name")));
    static final String ADMIN_PASSWORD =
            ENV.getOrDefault("HEARTBEAT_DB_ADMIN_PASSWORD", ENV.getOrDefault("PGPASSWORD", ""));

    private final String name = "heartbeat_console_test_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private ConsoleDatabase() {}

    /** Creates and migrates it; the console's role without a password (trust authentication, as the tests use). */
    public static ConsoleDatabase create() throws Exception {
        ConsoleDatabase database = new ConsoleDatabase();
        try (Connection server = connect(SERVER + "/postgres");
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            throw new SQLException(
                    "The console's tests need a PostgreSQL server at " + SERVER + " where " + ADMIN
                            + " may create databases and roles (set HEARTBEAT_TEST_POSTGRES, HEARTBEAT_DB_ADMIN_USER,"
                            + " HEARTBEAT_DB_ADMIN_PASSWORD)",
                    e);
        }
        Migrations.migrate(
                new Migrations.Target(database.url(), ADMIN, ADMIN_PASSWORD),
                Roles.withDefaultReader(Roles.DEFAULT_WRITER, ""));
        return database;
    }

    public String url() {
        return SERVER + "/" + name;
    }

    /** The console's role, as ConsoleConfig defaults it. */
    public String user() {
        return Roles.DEFAULT_CONSOLE;
    }

    /** As the administrator: for what the job would have written (alerts, minutes). */
    public Connection admin() throws SQLException {
        return connect(url());
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", ADMIN);
        if (!ADMIN_PASSWORD.isEmpty()) {
            props.setProperty("password", ADMIN_PASSWORD);
        }
        return DriverManager.getConnection(url, props);
    }

    @Override
    public void close() throws SQLException {
        try (Connection server = connect(SERVER + "/postgres");
                Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
