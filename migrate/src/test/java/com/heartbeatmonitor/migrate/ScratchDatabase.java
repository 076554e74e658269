package com.heartbeatmonitor.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * An empty database of its own on the real PostgreSQL server, dropped on close. Server: HEARTBEAT_TEST_POSTGRES
 * (default jdbc:postgresql://127.0.0.1:5432); administrator: HEARTBEAT_DB_ADMIN_USER, PGUSER or the OS user, as the
 * other modules' tests pick them.
 */
final class ScratchDatabase implements AutoCloseable {

    private static final Map<String, String> ENV = System.getenv();
    static final String SERVER = ENV.getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");
    static final String USER =
            ENV.getOrDefault("HEARTBEAT_DB_ADMIN_USER", ENV.getOrDefault("PGUSER", System.getProperty("user.name")));
    static final String PASSWORD = ENV.getOrDefault("HEARTBEAT_DB_ADMIN_PASSWORD", ENV.getOrDefault("PGPASSWORD", ""));

    /** The pipeline's default roles, without passwords (trust authentication), as the other modules' tests use. */
    static final Roles ROLES = Roles.withDefaultReader(Roles.DEFAULT_WRITER, "");

    private final String name = "heartbeat_migrate_test_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private ScratchDatabase() {}

    static ScratchDatabase create() throws SQLException {
        ScratchDatabase database = new ScratchDatabase();
        try (Connection server = Migrations.connect(database.server());
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            throw new SQLException(
                    "These tests need a PostgreSQL server at " + SERVER + " where " + USER
                            + " may create databases and roles (set HEARTBEAT_TEST_POSTGRES, HEARTBEAT_DB_ADMIN_USER,"
                            + " HEARTBEAT_DB_ADMIN_PASSWORD to use another)",
                    e);
        }
        return database;
    }

    String name() {
        return name;
    }

    String url() {
        return SERVER + "/" + name;
    }

    /** The database as the migrate step takes it: URL and administrator. */
    Migrations.Target target() {
        return new Migrations.Target(url(), USER, PASSWORD);
    }

    Connection connect() throws SQLException {
        return Migrations.connect(target());
    }

    private Migrations.Target server() {
        return new Migrations.Target(SERVER + "/postgres", USER, PASSWORD);
    }

    @Override
    public void close() throws SQLException {
        try (Connection server = Migrations.connect(server());
                Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
