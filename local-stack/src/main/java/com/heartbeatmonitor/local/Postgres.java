package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.migrate.MigrationException;
import com.heartbeatmonitor.migrate.Migrations;
import com.heartbeatmonitor.migrate.Roles;
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
 * Prepares the pipeline's database as its administrator: creates it when missing, then runs the migrate step
 * (the {@code migrate} module: sql/'s versioned migrations, the roles and their grants, one partition maintenance),
 * the same step compose's migrate service and the Kubernetes Job run from heartbeat-migrate.jar. The pipeline itself
 * then connects only as those roles.
 */
public final class Postgres {

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

    /**
     * Creates the database unless it exists, migrates it and grants the roles: all the pipeline needs. A failed
     * migration throws {@link MigrationException}, whose message says what to fix.
     */
    public static Migrations.Result prepare(String url, Admin admin, Roles roles) throws SQLException {
        ensureDatabase(url, admin);
        return Migrations.migrate(new Migrations.Target(url, admin.user(), admin.password()), roles);
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

    /**
     * One run of the partition maintenance (sql/V4__partitions.sql) as the connection's user, who must own
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
