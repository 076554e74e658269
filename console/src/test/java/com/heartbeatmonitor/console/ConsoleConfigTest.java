package com.heartbeatmonitor.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {

    @Test
    void loopbackWithoutTlsByDefault() {
        ConsoleConfig config = ConsoleConfig.fromEnvironment(Map.of());
        assertThat(config.address()).isEqualTo("127.0.0.1");
        assertThat(config.reachableFromElsewhere()).isFalse();
        assertThat(config.url()).isEqualTo("http://127.0.0.1:8090/");
        assertThat(config.dbUser()).isEqualTo("heartbeat_console");
        assertThat(config.firstAdmin()).isEmpty();
        assertThat(config.springProperties())
                .containsEntry("server.address", "127.0.0.1")
                .doesNotContainKey("server.ssl.enabled");
    }

    @Test
    void examplePasswordsAndShortOnesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of(
                        "HEARTBEAT_CONSOLE_ADMIN_USER", "ann",
                        "HEARTBEAT_CONSOLE_ADMIN_PASSWORD", "change-me-console-admin",
                        "HEARTBEAT_CONSOLE_DB_PASSWORD", "change-me-console")))
                .hasMessageContaining("HEARTBEAT_CONSOLE_DB_PASSWORD is still the example value")
                .hasMessageContaining("HEARTBEAT_CONSOLE_ADMIN_PASSWORD (or HEARTBEAT_CONSOLE_ADMIN_PASSWORD_FILE) is"
                        + " still the example value");
        assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(
                        Map.of("HEARTBEAT_CONSOLE_ADMIN_USER", "ann", "HEARTBEAT_CONSOLE_ADMIN_PASSWORD", "short")))
                .hasMessageContaining("is shorter than 12 characters");
        assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("HEARTBEAT_CONSOLE_ADMIN_PASSWORD", "x")))
                .hasMessageContaining("HEARTBEAT_CONSOLE_ADMIN_USER is not");
        assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("HEARTBEAT_CONSOLE_PORT", "http")))
                .hasMessageContaining("HEARTBEAT_CONSOLE_PORT 'http' is not a number");
    }

    @Test
    void secretsFromFilesAndTlsFromAKeyStore(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("admin"), "a-real-admin-password\n");
        Path keyStore = Files.write(dir.resolve("console.p12"), new byte[] {1});
        Path keyStorePassword = Files.writeString(dir.resolve("ks"), "key-store-password-1");
        ConsoleConfig config = ConsoleConfig.fromEnvironment(Map.of(
                "HEARTBEAT_CONSOLE_ADDRESS", "0.0.0.0",
                "HEARTBEAT_CONSOLE_ADMIN_USER", "ann",
                "HEARTBEAT_CONSOLE_ADMIN_PASSWORD_FILE", password.toString(),
                "HEARTBEAT_CONSOLE_TLS_KEYSTORE", keyStore.toString(),
                "HEARTBEAT_CONSOLE_TLS_KEYSTORE_PASSWORD_FILE", keyStorePassword.toString()));
        assertThat(config.firstAdmin().orElseThrow().password()).isEqualTo("a-real-admin-password");
        assertThat(config.reachableFromElsewhere()).isTrue();
        assertThat(config.url()).startsWith("https://");
        assertThat(config.springProperties())
                .containsEntry("server.ssl.enabled", true)
                .containsEntry("server.ssl.key-store-password", "key-store-password-1");
        assertThat(config.toString()).doesNotContain("a-real-admin-password").doesNotContain("key-store-password-1");
        assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of(
                        "HEARTBEAT_CONSOLE_ADMIN_PASSWORD",
                        "x",
                        "HEARTBEAT_CONSOLE_ADMIN_PASSWORD_FILE",
                        password.toString())))
                .hasMessageContaining("are both set: keep one");
        assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of(
                        "HEARTBEAT_CONSOLE_TLS_KEYSTORE",
                        dir.resolve("missing.p12").toString())))
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("must hold the key store's password");
    }
}
