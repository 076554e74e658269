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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Prepares the pipeline's database as its administrator: creates it when missing, applies the schema
 * from {@code sql/} and grants the job's writer and the dashboards' reader exactly what they need. The
 * pipeline itself then connects only as those roles.
 */
public final class Postgres {

    /** The schema files, in the order PostgreSQL's docker entrypoint runs them (a test keeps this in sync). */
    public static final List<String> SCHEMA_FILES = List.of(
            "001-schema.sql",
            "002-detection.sql",
            "003-duplicates.sql",
            "004-partitions.sql",
            "005-notifications.sql",
            "005b-customer-settings.sql",
            "007-activity.sql");
    /** Roles and grants; compose runs the same file from {@code 006-roles.sh}. */
    static final String ROLES_FILE = "roles/grant-roles.sql";

    /** Who prepares the database. Needs to create databases and roles; never what the job runs as. */
    public record Admin(String user, String password) {

        /** HEARTBEAT_DB_ADMIN_USER/_PASSWORD, else PGUSER/PGPASSWORD, else the OS user: as psql picks. */
        public static Admin fromEnvironment() {
            Map<String, String> env = System.getenv();
            return new Admin(
                    env.getOrDefault(
                            "HEARTBEAT_DB_ADMIN_USER", env.getOrDefault("PGUSER", System.getProperty("user.name"))),
                    env.getOrDefault("HEARTBEAT_DB_ADMIN_PASSWORD", env.getOrDefault("PGPASSWORD", "")));
        }

        @Override
        public String toString() {
            return "Admin[user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }

    /** The pipeline's login roles; an empty password leaves the role's password as it is (trust auth). */
    public record Roles(
            String writer,
            String writerPassword,
            String reader,
            String readerPassword,
            String notifier,
            String notifierPassword) {

        /** The dashboards' role when none is configured (GRAFANA_DB_USER in compose). */
        public static final String DEFAULT_READER = "grafana_reader";
        /** The notifier's role when none is configured (HEARTBEAT_NOTIFY_DB_USER). */
        public static final String DEFAULT_NOTIFIER = "heartbeat_notifier";

        /** Writer and reader as given, the notifier's default role without a password. */
        public Roles(String writer, String writerPassword, String reader, String readerPassword) {
            this(writer, writerPassword, reader, readerPassword, DEFAULT_NOTIFIER, "");
        }

        /** The job's user as the writer, and the default reader without a password. */
        public static Roles withDefaultReader(JdbcSettings writer) {
            return new Roles(writer.user(), writer.password(), DEFAULT_READER, "");
        }

        @Override
        public String toString() {
            return "Roles[writer=" + writer + ", reader=" + reader + ", notifier=" + notifier + "]";
        }
    }

    private static final String MAINTENANCE_DATABASE = "postgres";

    private Postgres() {}

    public static Connection connect(JdbcSettings jdbc) throws SQLException {
        return connect(jdbc.url(), jdbc.user(), jdbc.password());
    }

    public static Connection connect(String url, Admin admin) throws SQLException {
        return connect(url, admin.user(), admin.password());
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

    /** Creates the database unless it exists, applies the schema and grants the roles: all the pipeline needs. */
    public static void prepare(String url, Admin admin, Roles roles) throws SQLException {
        ensureDatabase(url, admin);
        try (Connection connection = connect(url, admin)) {
            applySchema(connection);
            grantRoles(connection, roles);
        }
    }

    /** Creates the database that {@code url} names, unless it exists. */
    public static void ensureDatabase(String url, Admin adminUser) throws SQLException {
        String database = databaseName(url);
        try (Connection admin = connect(maintenanceUrl(url), adminUser)) {
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

    public static void dropDatabase(String url, Admin adminUser) throws SQLException {
        try (Connection admin = connect(maintenanceUrl(url), adminUser);
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

    /**
     * One run of the partition maintenance (sql/004-partitions.sql) as the connection's user, who must own
     * the tables: partitions created ahead, expired ones dropped. Returns what it did, one line per action.
     */
    public static List<String> maintain(Connection connection) throws SQLException {
        return maintain(connection, null);
    }

    /** The same, as if the time were {@code at} (null: now). */
    public static List<String> maintain(Connection connection, Instant at) throws SQLException {
        List<String> actions = new ArrayList<>();
        try (PreparedStatement run =
                connection.prepareStatement("SELECT * FROM heartbeat_maintenance(coalesce(?::timestamptz, now()))")) {
            run.setObject(1, at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            try (ResultSet rs = run.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    /** Creates the roles if missing and grants them their rights; names and passwords are bound, not spliced. */
    public static void grantRoles(Connection connection, Roles roles) throws SQLException {
        try (PreparedStatement settings = connection.prepareStatement(
                "SELECT set_config('heartbeat.writer', ?, false), set_config('heartbeat.writer_password', ?, false),"
                        + " set_config('heartbeat.reader', ?, false), set_config('heartbeat.reader_password', ?, "
                        + "false), set_config('heartbeat.notifier', ?, false),"
                        + " set_config('heartbeat.notifier_password', ?, false)")) {
            settings.setString(1, roles.writer());
            settings.setString(2, roles.writerPassword());
            settings.setString(3, roles.reader());
            settings.setString(4, roles.readerPassword());
            settings.setString(5, roles.notifier());
            settings.setString(6, roles.notifierPassword());
            settings.executeQuery().close();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(readSchemaFile(ROLES_FILE));
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
            throw new IllegalArgumentException(
                    "JDBC URL " + url + " names no database, e.g. " + "jdbc:postgresql://127.0.0.1:5432/heartbeat");
        }
        return parsed.getProperty("PGDBNAME");
    }

    /**
     * The same server, connected to the maintenance database, from where databases are created and dropped;
     * with the URL's parameters (e.g. sslmode, sslrootcert), so it connects as securely as the pipeline.
     */
    static String maintenanceUrl(String url) {
        Properties parsed = Driver.parseURL(url, null);
        int query = url.indexOf('?');
        return "jdbc:postgresql://" + parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT") + "/"
                + MAINTENANCE_DATABASE + (query >= 0 ? url.substring(query) : "");
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
