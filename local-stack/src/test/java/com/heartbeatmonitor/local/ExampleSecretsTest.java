package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.security.ExampleSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example passwords of .env.example are refused at start: by compose's check-secrets service (the
 * real script, run with sh) and by the no-Docker run commands.
 */
class ExampleSecretsTest {

    private static final Path REPO = Path.of("..");
    private static final Path SCRIPT = REPO.resolve("compose").resolve("check-secrets.sh");

    @Test
    void everyExamplePasswordIsRecognisableAsOne() throws IOException {
        Map<String, String> passwords = examplePasswords();
        assertThat(passwords)
                .containsKeys(
                        "HEARTBEAT_JDBC_PASSWORD",
                        "POSTGRES_ADMIN_PASSWORD",
                        "GRAFANA_DB_PASSWORD",
                        "GRAFANA_ADMIN_PASSWORD");
        assertThat(passwords.values()).allSatisfy(v -> assertThat(v).startsWith(ExampleSecrets.EXAMPLE_PREFIX));
    }

    @Test
    void composeCheckRefusesEachExamplePasswordAndSaysWhatToSet() throws Exception {
        for (Map.Entry<String, String> example : examplePasswords().entrySet()) {
            Result result = check(Map.of(example.getKey(), example.getValue()), example.getKey());
            assertThat(result.exit).as(example.getKey()).isEqualTo(1);
            assertThat(result.output)
                    .contains(example.getKey() + " is still the example value from .env.example")
                    .contains("Set your own in .env");
        }
    }

    @Test
    void composeCheckRefusesMissingAndShortPasswordsAndAcceptsOwnOnes() throws Exception {
        assertThat(check(Map.of(), "GRAFANA_ADMIN_PASSWORD").output).contains("GRAFANA_ADMIN_PASSWORD is not set");
        assertThat(check(Map.of("GRAFANA_ADMIN_PASSWORD", "s3cret"), "GRAFANA_ADMIN_PASSWORD").output)
                .contains("shorter than 12 characters");
        Result ok = check(
                Map.of("A_PASSWORD", "Xq7-long-enough-1", "B_PASSWORD", "another own secret"),
                "A_PASSWORD",
                "B_PASSWORD");
        assertThat(ok.exit).as(ok.output).isZero();
    }

    @Test
    void runCommandsRefuseExamplePasswordsButAllowNoneForTrustAuthentication() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--jdbc-password", examplePasswords().get("HEARTBEAT_JDBC_PASSWORD"));
        settings.put("--reader-password", "");
        settings.put("--db-admin-password", "an own secret of the admin");
        List<String> problems = ExampleSecrets.problems(settings);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("--jdbc-password is still the example value");
    }

    private static Map<String, String> examplePasswords() throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REPO.resolve(".env.example"), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0 && line.substring(0, eq).endsWith("_PASSWORD")) {
                passwords.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return passwords;
    }

    private record Result(int exit, String output) {}

    private static Result check(Map<String, String> environment, String... names) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
        builder.command().addAll(List.of(names));
        builder.environment().keySet().removeIf(k -> k.endsWith("_PASSWORD"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
