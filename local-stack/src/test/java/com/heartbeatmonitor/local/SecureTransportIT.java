package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.job.Preflight;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.migrate.Roles;
import com.heartbeatmonitor.security.KafkaSecurity;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.commons.io.FileUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;

/**
 * Encrypted, authenticated transport with real parts. Certificates are made at test time; a KRaft broker
 * listens on SASL_SSL only (SCRAM-SHA-512); a PostgreSQL of the test's own (initdb from this machine's
 * binaries) has ssl=on and takes TCP connections only over TLS with a password. The production job, on
 * a MiniCluster, reads over SASL_SSL and writes with sslmode=verify-full; the generator sends over
 * SASL_SSL as a user of its own. Every message must end exactly once; plaintext, unauthenticated and
 * wrongly authenticated clients must be refused; a wrong password must end the job's start with a
 * message naming the flag or variable to fix.
 */
class SecureTransportIT {

    private static final int MESSAGES = 2_000;
    private static final String TOPIC = "heartbeats-secure";
    private static final String JOB_USER = "heartbeat-job";
    private static final String GENERATOR_USER = "heartbeat-generator";
    private static final String BROKER_USER = "broker-admin";
    private static final String DB_ADMIN = "heartbeat_admin";
    private static final String WRITER = JobOptions.DEFAULT_WRITER;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    private static Path dir;
    private static TestCertificates ca;
    private static TestCertificates rogueCa;
    private static SaslSslListener kafkaTls;
    private static TlsPostgres postgres;
    private static TestStack stack;
    private static String writerPassword;
    private static Path jobPasswordFile;

    @BeforeAll
    static void startSecuredParts() throws Exception {
        dir = Files.createTempDirectory("heartbeat-secure-it-");
        ca = TestCertificates.newCa(dir.resolve("certs"), "heartbeat-test-ca");
        rogueCa = TestCertificates.newCa(dir.resolve("rogue"), "someone-elses-ca");
        String keystorePassword = TestCertificates.randomPassword();
        Path keystore = ca.server("kafka-broker").pkcs12(keystorePassword);
        kafkaTls = new SaslSslListener(
                keystore,
                keystorePassword,
                ca.caPem(),
                Map.of(
                        BROKER_USER, TestCertificates.randomPassword(),
                        JOB_USER, TestCertificates.randomPassword(),
                        GENERATOR_USER, TestCertificates.randomPassword()),
                BROKER_USER);
        jobPasswordFile = secretFile("job-kafka-password", kafkaTls.users().get(JOB_USER));

        String adminPassword = TestCertificates.randomPassword();
        postgres = TlsPostgres.start(dir.resolve("postgres"), ca.server("postgres"), DB_ADMIN, adminPassword);
        writerPassword = TestCertificates.randomPassword();
        TestDatabase database = TestDatabase.create(
                postgres.server(),
                "?sslmode=verify-full&sslrootcert=" + ca.caPem(),
                new Postgres.Admin(DB_ADMIN, adminPassword),
                new Roles(WRITER, writerPassword, Roles.DEFAULT_READER, TestCertificates.randomPassword()));
        KafkaBroker broker = KafkaBroker.startOnFreePorts(dir.resolve("kafka"), kafkaTls);
        stack = TestStack.of(broker, database);
        broker.createTopic(TOPIC, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                FileUtils.deleteDirectory(dir.toFile());
            }
        }
    }

    /** The job's flags for the secured parts; {@code overrides} come last and win. */
    private static List<String> secureFlags(String... overrides) {
        List<String> flags = new ArrayList<>(List.of(
                "--kafka-sasl-username",
                JOB_USER,
                "--kafka-sasl-password-file",
                jobPasswordFile.toString(),
                "--kafka-truststore",
                ca.caPem().toString(),
                "--jdbc-user",
                WRITER,
                "--jdbc-password",
                writerPassword,
                "--jdbc-ssl-mode",
                "verify-full",
                "--jdbc-ssl-root-cert",
                ca.caPem().toString()));
        flags.addAll(List.of(overrides));
        return flags;
    }

    private static JobOptions options(String... overrides) {
        return stack.options(TOPIC, "secure-preflight", secureFlags(overrides).toArray(String[]::new));
    }

    @Test
    void messagesFlowEndToEndOverSaslSslAndVerifiedTlsExactlyOnce() throws Exception {
        Preflight.check(options()); // both ends accept the job's settings

        Map<TestStack.Coordinates, GeneratedMessage> sent =
                stack.produce(kafkaTls.client(GENERATOR_USER), TOPIC, MESSAGES, 20260501L, 0.05);
        assertThat(sent).hasSize(MESSAGES);

        stack.runJobToEndOfTopic(TOPIC, "secure-e2e", secureFlags().toArray(String[]::new));

        TestStack.Accounting accounting = stack.account(TOPIC, sent);
        accounting.assertExactlyOnce("over SASL_SSL and verify-full TLS");
        assertThat(accounting.stored() + accounting.rejected()).isEqualTo(MESSAGES);
        assertThat(accounting.rejected()).isPositive();
        try (Connection db = stack.connect()) {
            assertThat(TestStack.rows(db, "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .as("the test's own connection")
                    .singleElement()
                    .satisfies(row -> assertThat(row.get(0)).isEqualTo(true));
        }
    }

    @Test
    void plaintextUnauthenticatedAndWronglyAuthenticatedClientsAreRefused() throws Exception {
        String bootstrap = stack.broker.bootstrapServers();
        assertThat(KafkaWireProbe.tls(bootstrap, ca.caPem(), KafkaWireProbe.API_VERSIONS))
                .as("over TLS, the one request a SASL listener answers before a login (the probe sees answers)")
                .isEqualTo(KafkaWireProbe.Outcome.ANSWERED);
        assertThat(KafkaWireProbe.plaintext(bootstrap, KafkaWireProbe.API_VERSIONS))
                .as("the same request in plaintext on the SASL_SSL port: closed by the broker, not answered")
                .isEqualTo(KafkaWireProbe.Outcome.CLOSED);
        assertThat(KafkaWireProbe.tls(bootstrap, ca.caPem(), KafkaWireProbe.METADATA))
                .as("a request over TLS without a SASL login: closed by the broker, not answered")
                .isEqualTo(KafkaWireProbe.Outcome.CLOSED);
        KafkaSecurity wrongPassword = KafkaSecurity.scram(
                "SCRAM-SHA-512", JOB_USER, "not-the-password", ca.caPem().toString(), "PEM", null);
        assertThatThrownBy(() -> listTopics(bootstrap, wrongPassword))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        KafkaSecurity unknownUser = KafkaSecurity.scram(
                "SCRAM-SHA-512", "nobody", "whatever", ca.caPem().toString(), "PEM", null);
        assertThatThrownBy(() -> listTopics(bootstrap, unknownUser))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        KafkaSecurity rogueTrust = KafkaSecurity.scram(
                "SCRAM-SHA-512",
                JOB_USER,
                kafkaTls.users().get(JOB_USER),
                rogueCa.caPem().toString(),
                "PEM",
                null);
        assertThatThrownBy(() -> listTopics(bootstrap, rogueTrust))
                .as("the right login, trusting a CA that did not sign the broker's certificate")
                .hasCauseInstanceOf(SslAuthenticationException.class);
        assertThat(listTopics(bootstrap, kafkaTls.client(JOB_USER))).contains(TOPIC, TestStack.ALERTS_TOPIC);

        String db = stack.database.url();
        assertThatThrownBy(() -> Postgres.connect(db + "?sslmode=disable", WRITER, writerPassword)
                        .close())
                .as("a plaintext connection with the right password")
                .isInstanceOfSatisfying(
                        PSQLException.class,
                        e -> assertThat(e.getSQLState())
                                .as("invalid_authorization_specification")
                                .isEqualTo("28000"))
                .hasMessageContaining("no encryption");
        assertThatThrownBy(() -> Postgres.connect(
                                db + "?sslmode=verify-full&sslrootcert=" + ca.caPem(), WRITER, "not-the-password")
                        .close())
                .as("a verified TLS connection with a wrong password")
                .isInstanceOfSatisfying(
                        PSQLException.class,
                        e -> assertThat(e.getSQLState()).as("invalid_password").isEqualTo("28P01"));
        assertThatThrownBy(() -> Postgres.connect(
                                db + "?sslmode=verify-full&sslrootcert=" + rogueCa.caPem(), WRITER, writerPassword)
                        .close())
                .as("a server whose certificate the client's CA did not sign")
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("SSL error")
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("PKIX path");
        try (Connection ok =
                Postgres.connect(db + "?sslmode=verify-full&sslrootcert=" + ca.caPem(), WRITER, writerPassword)) {
            assertThat(ok.isValid(5)).isTrue();
        }
    }

    /**
     * The job's own sinks check the database's certificate (sslmode=verify-full), not only the test's
     * connections: given a CA that did not sign it, the job fails on the TLS handshake and stores nothing.
     */
    @Test
    void theJobStoresNothingInADatabaseWhoseCertificateItsCaDidNotSign() throws Exception {
        String topic = "heartbeats-rogue-ca";
        stack.broker.createTopic(topic, 1);
        Map<TestStack.Coordinates, GeneratedMessage> sent =
                stack.produce(kafkaTls.client(GENERATOR_USER), topic, 200, 20260502L, 0.05);
        assertThat(sent).hasSize(200);
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");

        assertThatThrownBy(() -> stack.runJobToEndOfTopic(
                        noRestarts,
                        topic,
                        "secure-rogue-ca",
                        secureFlags("--jdbc-ssl-root-cert", rogueCa.caPem().toString())
                                .toArray(String[]::new)))
                .as("the job with a CA that did not sign the database's certificate")
                .hasStackTraceContaining(SSLHandshakeException.class.getName())
                .hasStackTraceContaining("PKIX path");
        assertThat(stack.awaitRows(topic, 0, Duration.ZERO))
                .as("readings and rejections stored")
                .isZero();
    }

    @Test
    void aWrongPasswordOrCertificateEndsTheStartNamingWhatToFix() throws Exception {
        Path wrongKafkaPassword = secretFile("wrong-kafka-password", "not-the-password");
        assertThatThrownBy(() -> Preflight.check(options("--kafka-sasl-password-file", wrongKafkaPassword.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the login of user '" + JOB_USER + "'")
                .hasMessageContaining("--kafka-sasl-username (HEARTBEAT_KAFKA_SASL_USERNAME)")
                .hasMessageContaining(KafkaSecurityOptions.PASSWORD_ENV)
                .hasMessageContaining("--kafka-sasl-password-file")
                .message()
                .doesNotContain("not-the-password");

        assertThatThrownBy(() -> Preflight.check(options("--jdbc-password", "not-the-db-password")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageContaining("--jdbc-password (HEARTBEAT_JDBC_PASSWORD)")
                .message()
                .doesNotContain("not-the-db-password");

        assertThatThrownBy(() -> Preflight.check(
                        options("--jdbc-ssl-root-cert", rogueCa.caPem().toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--jdbc-ssl-root-cert (HEARTBEAT_JDBC_SSL_ROOT_CERT)");

        assertThatThrownBy(() -> Preflight.check(
                        options("--kafka-truststore", rogueCa.caPem().toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TLS handshake with Kafka")
                .hasMessageContaining("--kafka-truststore (HEARTBEAT_KAFKA_TRUSTSTORE)");

        KafkaSecurity generatorWithWrongPassword = KafkaSecurity.scram(
                "SCRAM-SHA-512", GENERATOR_USER, "not-it", ca.caPem().toString(), "PEM", null);
        try (KafkaPublisher publisher = new KafkaPublisher(
                stack.broker.bootstrapServers(), generatorWithWrongPassword, TOPIC, (message, metadata) -> {})) {
            assertThatThrownBy(publisher::checkAccess)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(KafkaSecurityOptions.PASSWORD_ENV);
        }
    }

    /** Lists the topics with a short timeout: a refused client fails within seconds. */
    private static Set<String> listTopics(String bootstrap, KafkaSecurity security) throws Exception {
        Properties props = security.applyTo(new Properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }

    private static Path secretFile(String name, String secret) throws Exception {
        Path file = Files.writeString(dir.resolve(name), secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
