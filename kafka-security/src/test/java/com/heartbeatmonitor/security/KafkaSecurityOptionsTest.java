package com.heartbeatmonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaSecurityOptionsTest {

    @Command
    static final class Host {
        @Mixin
        KafkaSecurityOptions security;
    }

    @TempDir
    Path dir;

    private static KafkaSecurity resolve(Map<String, String> env, String... args) {
        Host host = new Host();
        new CommandLine(host).parseArgs(args);
        return host.security.resolve(env);
    }

    @Test
    void nothingSetIsPlaintextWithNothingElse() {
        KafkaSecurity security = resolve(Map.of());
        assertThat(security.properties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
        assertThat(security.isPlaintext()).isTrue();
    }

    @Test
    void aUserAndPasswordMeanSaslSslWithScramAndThePasswordNeverShows() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        KafkaSecurity security = resolve(
                Map.of(KafkaSecurityOptions.PASSWORD_ENV, "s3cr\"et\\pw"),
                "--kafka-sasl-username",
                "job",
                "--kafka-truststore",
                ca.toString());
        assertThat(security.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required "
                                + "username=\"job\" password=\"s3cr\\\"et\\\\pw\";");
        assertThat(security.toString()).doesNotContain("s3cr").contains("SASL_SSL", "job");
        assertThat(security.describe()).doesNotContain("s3cr");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(security);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(security);
        }
    }

    @Test
    void thePasswordComesFromAFileOnceAndNeverAsAFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        assertThat(resolve(Map.of(), "--kafka-sasl-username", "u", "--kafka-sasl-password-file", file.toString())
                        .properties()
                        .get("sasl.jaas.config"))
                .contains("password=\"from-file\"");
        assertThatThrownBy(() -> resolve(
                        Map.of(KafkaSecurityOptions.PASSWORD_ENV, "x"),
                        "--kafka-sasl-username",
                        "u",
                        "--kafka-sasl-password-file",
                        file.toString()))
                .hasMessageContaining("set twice");
        assertThatThrownBy(() -> resolve(Map.of(), "--kafka-sasl-password", "x"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void misconfigurationsNameTheFlagToFix() throws Exception {
        assertThatThrownBy(() -> resolve(Map.of(), "--kafka-sasl-username", "u"))
                .hasMessageContaining(KafkaSecurityOptions.PASSWORD_ENV)
                .hasMessageContaining("--kafka-sasl-password-file");
        assertThatThrownBy(() -> resolve(Map.of(KafkaSecurityOptions.PASSWORD_ENV, "pw")))
                .hasMessageContaining("--kafka-sasl-username");
        assertThatThrownBy(() -> resolve(Map.of(), "--kafka-security-protocol", "SASL_SSL"))
                .hasMessageContaining("--kafka-sasl-username");
        assertThatThrownBy(() -> resolve(Map.of(), "--kafka-security-protocol", "SASL_PLAINTEXT"))
                .hasMessageContaining("--kafka-security-protocol")
                .hasMessageContaining("unencrypted");
        assertThatThrownBy(() -> resolve(
                        Map.of(KafkaSecurityOptions.PASSWORD_ENV, "pw"),
                        "--kafka-sasl-username",
                        "u",
                        "--kafka-sasl-mechanism",
                        "PLAIN"))
                .hasMessageContaining("--kafka-sasl-mechanism");
        assertThatThrownBy(() -> resolve(
                        Map.of(),
                        "--kafka-truststore",
                        dir.resolve("missing.p12").toString()))
                .hasMessageContaining("--kafka-truststore");
        assertThatThrownBy(() -> resolve(
                        Map.of(KafkaSecurityOptions.PASSWORD_ENV, "pw"),
                        "--kafka-sasl-username",
                        "u",
                        "--kafka-security-protocol",
                        "SSL"))
                .hasMessageContaining("use SASL_SSL");
    }

    @Test
    void aClientPropertiesFileGivesSecuritySettingsOnlyAndTheFlagsWin() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                security.protocol=SSL
                ssl.truststore.location=/etc/kafka/ca.p12
                ssl.truststore.password=changeit-too
                """);
        KafkaSecurity fromFile = resolve(Map.of(), "--kafka-client-properties", file.toString());
        assertThat(fromFile.protocol()).isEqualTo("SSL");
        assertThat(fromFile.properties()).containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12");
        assertThat(fromFile.toString()).doesNotContain("changeit-too");

        KafkaSecurity overridden = resolve(
                Map.of(KafkaSecurityOptions.PASSWORD_ENV, "pw"),
                "--kafka-client-properties",
                file.toString(),
                "--kafka-security-protocol",
                "SASL_SSL",
                "--kafka-sasl-username",
                "u");
        assertThat(overridden.protocol()).isEqualTo("SASL_SSL");

        Path other = Files.writeString(dir.resolve("bad.properties"), "bootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> resolve(Map.of(), "--kafka-client-properties", other.toString()))
                .hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("only security settings");
        Path noHostCheck = Files.writeString(
                dir.resolve("nohost.properties"), "security.protocol=SSL\nssl.endpoint.identification.algorithm=\n");
        assertThatThrownBy(() -> resolve(Map.of(), "--kafka-client-properties", noHostCheck.toString()))
                .hasMessageContaining("ssl.endpoint.identification.algorithm");
    }
}
