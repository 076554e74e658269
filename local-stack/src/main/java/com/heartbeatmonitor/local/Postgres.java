package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JdbcSettings;
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
import org.postgresql.Driver;

/** Creates the pipeline's database when missing and applies the schema from {@code sql/}. */
public final class Postgres {

    /** The schema files, in the order PostgreSQL's docker entrypoint runs them (a test keeps this in sync). */
    public static final List<String> SCHEMA_FILES = List.of("001-schema.sql", "002-detection.sql");

    private static final String MAINTENANCE_DATABASE = "postgres";

    private Postgres() {}

    public static Connection connect(JdbcSettings jdbc) throws SQLException {
        return connect(jdbc.url(), jdbc.user(), jdbc.password());
    }

    public static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    /** Creates the database unless it exists, then applies the schema: what the pipeline needs to write. */
    public static void prepare(JdbcSettings jdbc) throws SQLException {
        ensureDatabase(jdbc);
        try (Connection connection = connect(jdbc)) {
            applySchema(connection);
        }
    }

    /** Creates the database that {@code jdbc.url()} names, unless it exists. */
    public static void ensureDatabase(JdbcSettings jdbc) throws SQLException {
        String database = databaseName(jdbc.url());
        try (Connection admin = connect(maintenanceUrl(jdbc.url()), jdbc.user(), jdbc.password())) {
            try (PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = admin.createStatement()) {
                // DDL takes no parameters; the name is quoted as an identifier.
                create.execute("CREATE DATABASE " + quoteIdentifier(database));
            }
        }
    }

    public static void dropDatabase(String url, String user, String password) throws SQLException {
        try (Connection admin = connect(maintenanceUrl(url), user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(databaseName(url)) + " WITH (FORCE)");
        }
    }

    /** Applies every schema file; they are idempotent, so this runs on every start. */
    public static void applySchema(Connection connection) throws SQLException {
        for (String file : SCHEMA_FILES) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(readSchemaFile(file));
            }
        }
    }

    static String readSchemaFile(String file) {
        try (InputStream in = Postgres.class.getResourceAsStream("/sql/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema file sql/" + file + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sql/" + file, e);
        }
    }

    static String databaseName(String url) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null || parsed.getProperty("PGDBNAME", "").isEmpty()) {
            throw new IllegalArgumentException("JDBC URL " + url + " names no database, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/heartbeat");
        }
        return parsed.getProperty("PGDBNAME");
    }

    /** The same server, connected to the maintenance database, from where databases are created and dropped. */
    static String maintenanceUrl(String url) {
        Properties parsed = Driver.parseURL(url, null);
        return "jdbc:postgresql://" + parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT") + "/"
                + MAINTENANCE_DATABASE;
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
