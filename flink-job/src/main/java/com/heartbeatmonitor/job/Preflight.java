package com.heartbeatmonitor.job;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.KafkaSettings;
import com.heartbeatmonitor.job.sinks.JdbcDrivers;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.postgresql.Driver;

/**
 * Checks before submission that the job's ends exist and accept it, so a wrong setting fails at start
 * with a message saying what to fix instead of as a restart loop on the cluster.
 */
public final class Preflight {

    /** {@code EXECUTE format('GRANT ...' 'ON ... TO %I', writer)}: SQL's adjacent literals make one string. */
    private static final Pattern WRITER_GRANT =
            Pattern.compile("EXECUTE\\s+format\\(\\s*((?:'[^']*'\\s*)+),\\s*writer\\s*\\)");

    private static final Pattern GRANT = Pattern.compile("GRANT\\s+(.+?)\\s+ON\\s+(.+?)\\s+TO\\s+%I");

    /** How a database gets its schema and grants: the one migrate step, wherever the pipeline runs. */
    static final String MIGRATE = "java -jar heartbeat-migrate.jar (compose's migrate service, the Kubernetes"
            + " migration Job; the run commands do it for you)";

    /** The roles' grants, as the migrate step applies them (sql/roles/grant-roles.sql). */
    static final String GRANTS = "/sql/roles/grant-roles.sql";

    /**
     * Tables the job writes, and the rights it needs, as the grants give them to the writer: SELECT for ON
     * CONFLICT keys, upserts and the duplicate check (on some columns is enough), UPDATE for upserted
     * tables.
     */
    static final Map<String, List<String>> TABLES = writerGrants(grantsSql());
    /** What the heartbeats sink calls: it stores a batch and rejects a second message with a stored key. */
    static final String STORE_READINGS = "store_heartbeats(text, uuid[], text[], bigint[], smallint[], text[],"
            + " boolean[], integer[], bigint[], text[])";

    private static final int TIMEOUT_SECONDS = 10;

    private Preflight() {}

    /**
     * Throws {@link IllegalStateException} saying what to fix when an end is missing, unreachable or refuses the job.
     */
    public static void check(JobOptions options) {
        try {
            checkPostgres(options.jdbc());
        } finally {
            // On a cluster this runs in the JobManager, in the submission's own classloader.
            JdbcDrivers.deregisterLoadedBy(Preflight.class.getClassLoader());
        }
        checkKafka(options.kafka(), options.settingsTopic());
    }

    private static void checkPostgres(JdbcSettings jdbc) {
        Properties props = new Properties();
        props.setProperty("user", jdbc.user());
        if (!jdbc.password().isEmpty()) {
            props.setProperty("password", jdbc.password());
        }
        props.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
        // The driver instance directly, not DriverManager: DriverManager would not see a driver that
        // lives in Flink's user-code classloader.
        try (Connection connection = new Driver().connect(jdbc.effectiveUrl(), props);
                PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL");
                PreparedStatement procedure = connection.prepareStatement("SELECT CASE WHEN to_regprocedure(?)"
                        + " IS NULL THEN 'missing' WHEN has_function_privilege(?, 'EXECUTE') THEN 'ok' END");
                // One right at a time: with a list, has_table_privilege is true if any one is held.
                PreparedStatement privilege = connection.prepareStatement(
                        "SELECT has_table_privilege(?, ?) OR (? = 'SELECT' AND has_any_column_privilege(?, "
                                + "'SELECT'))")) {
            for (Map.Entry<String, List<String>> table : TABLES.entrySet()) {
                exists.setString(1, table.getKey());
                if (!single(exists)) {
                    throw new IllegalStateException("Table " + table.getKey() + " does not exist in " + jdbc.url()
                            + ". Migrate the database first: " + MIGRATE + ".");
                }
                for (String right : table.getValue()) {
                    privilege.setString(1, table.getKey());
                    privilege.setString(2, right);
                    privilege.setString(3, right);
                    privilege.setString(4, table.getKey());
                    if (!single(privilege)) {
                        throw new IllegalStateException("User " + jdbc.user() + " lacks " + right + " on "
                                + table.getKey()
                                + ". Run the migrate step, which grants it (sql/roles/grant-roles.sql), or set "
                                + JobOptions.flagAndVariable("--jdbc-user") + " to the writer role.");
                    }
                }
            }
            procedure.setString(1, STORE_READINGS);
            procedure.setString(2, STORE_READINGS);
            try (ResultSet rs = procedure.executeQuery()) {
                rs.next();
                if ("missing".equals(rs.getString(1))) {
                    throw new IllegalStateException("Procedure " + STORE_READINGS + " does not exist in " + jdbc.url()
                            + ". Migrate the database first: " + MIGRATE + ".");
                }
                if (rs.getString(1) == null) {
                    throw new IllegalStateException("User " + jdbc.user() + " lacks EXECUTE on " + STORE_READINGS
                            + ". Run the migrate step, which grants it (sql/roles/grant-roles.sql), or set "
                            + JobOptions.flagAndVariable("--jdbc-user") + " to the writer role.");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot use PostgreSQL at " + jdbc.url() + " as user " + jdbc.user() + ": " + e.getMessage()
                            + ". Fix: " + postgresHint(e) + ".",
                    e);
        }
    }

    /**
     * Each table the writer is granted rights on, with those rights (a column list dropped: SELECT on some
     * columns is SELECT here), in the order the grants give them.
     */
    static Map<String, List<String>> writerGrants(String sql) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        Matcher statement = WRITER_GRANT.matcher(sql);
        while (statement.find()) {
            String text =
                    String.join("", statement.group(1).trim().split("'\\s*'")).replace("'", "");
            Matcher grant = GRANT.matcher(text);
            if (!grant.matches() || grant.group(2).startsWith("PROCEDURE ")) {
                continue; // CREATE ROLE, ALTER ROLE ...: statements about the writer that grant nothing on tables
            }
            List<String> rights = new ArrayList<>();
            for (String right : grant.group(1).replaceAll("\\([^)]*\\)", "").split(",")) {
                rights.add(right.trim().toUpperCase(Locale.ROOT));
            }
            for (String table : grant.group(2).split(",")) {
                tables.computeIfAbsent(table.trim(), t -> new ArrayList<>()).addAll(rights);
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no grant to the writer found in " + GRANTS);
        }
        tables.replaceAll((table, rights) -> List.copyOf(rights));
        return Collections.unmodifiableMap(tables);
    }

    private static String grantsSql() {
        try (InputStream in = Preflight.class.getResourceAsStream(GRANTS)) {
            if (in == null) {
                throw new IllegalStateException(GRANTS + " is not on the classpath: the job jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which flags to look at, from what went wrong. */
    static String postgresHint(SQLException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("permission denied")) {
            return "grant the user " + TABLES + " (sql/roles/grant-roles.sql)";
        }
        if ("28P01".equals(e.getSQLState()) || lower.contains("password authentication failed")) {
            return "check " + JobOptions.flagAndVariable("--jdbc-password") + " and "
                    + JobOptions.flagAndVariable("--jdbc-user");
        }
        if (lower.contains("no encryption") || lower.contains("does not support ssl")) {
            return "the server and " + JobOptions.flagAndVariable("--jdbc-ssl-mode")
                    + " disagree about TLS: use verify-full with " + JobOptions.flagAndVariable("--jdbc-ssl-root-cert")
                    + " against a server with ssl=on";
        }
        if (lower.contains("ssl")
                || lower.contains("certificate")
                || lower.contains("hostname")
                || lower.contains("pkix")) {
            return "the TLS handshake failed: check " + JobOptions.flagAndVariable("--jdbc-ssl-root-cert")
                    + " holds the CA that signed PostgreSQL's certificate, that the certificate names the host in "
                    + "--jdbc-url, and " + JobOptions.flagAndVariable("--jdbc-ssl-mode");
        }
        return "check --jdbc-url, --jdbc-user, --jdbc-password (" + JobOptions.variable("--jdbc-url") + ", "
                + JobOptions.variable("--jdbc-user") + ", " + JobOptions.variable("--jdbc-password") + "), "
                + JobOptions.flagAndVariable("--jdbc-ssl-mode") + " and that PostgreSQL is running";
    }

    private static boolean single(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static IllegalStateException unreachable(KafkaSettings kafka, Exception e) {
        return new IllegalStateException(
                "Cannot reach Kafka at " + kafka.bootstrapServers() + " over "
                        + kafka.security().protocol() + " within " + TIMEOUT_SECONDS + " s (" + e + "). Fix: check "
                        + JobOptions.flagAndVariable("--kafka-bootstrap-servers") + ", that the broker is "
                        + "running, and that "
                        + KafkaSecurityOptions.PROTOCOL_HINT + ".",
                e);
    }

    static void checkKafka(KafkaSettings kafka, String settingsTopic) {
        Properties props = kafka.securityProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        try (Admin admin = Admin.create(props)) {
            Set<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (String topic : List.of(kafka.topic(), kafka.alertsTopic())) {
                if (!topics.contains(topic)) {
                    throw new IllegalStateException("Kafka topic '" + topic + "' does not exist on "
                            + kafka.bootstrapServers() + ". Create it (kafka-topics.sh --create --topic " + topic
                            + " --partitions 4) or set --kafka-topic / --alerts-topic.");
                }
            }
            if (!topics.contains(settingsTopic)) {
                throw new IllegalStateException("Kafka topic '" + settingsTopic + "' (the customers' settings) does not"
                        + " exist on " + kafka.bootstrapServers() + ". Create it compacted (kafka-topics.sh --create"
                        + " --topic " + settingsTopic + " --partitions 4 --config cleanup.policy=compact) or set"
                        + " --settings-topic.");
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SaslAuthenticationException) {
                throw new IllegalStateException(
                        "Kafka at " + kafka.bootstrapServers() + " refused the login of user '"
                                + kafka.security().username() + "' (" + cause.getMessage() + "). Fix: check "
                                + KafkaSecurityOptions.CREDENTIALS_HINT + ".",
                        e);
            }
            if (cause instanceof SslAuthenticationException) {
                throw new IllegalStateException(
                        "The TLS handshake with Kafka at " + kafka.bootstrapServers() + " failed (" + cause.getMessage()
                                + "). Fix: check " + KafkaSecurityOptions.TLS_HINT + ".",
                        e);
            }
            if (cause instanceof AuthorizationException) {
                throw new IllegalStateException(
                        "Kafka at " + kafka.bootstrapServers() + " does not let user '"
                                + kafka.security().username() + "' list topics (" + cause.getMessage()
                                + "). Fix: grant its ACLs "
                                + "(Describe on the topics, Read on --kafka-group-id) or check --kafka-sasl-username.",
                        e);
            }
            throw unreachable(kafka, e);
        } catch (TimeoutException e) {
            throw unreachable(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka", e);
        }
    }
}
