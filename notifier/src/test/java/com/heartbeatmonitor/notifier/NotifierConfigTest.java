package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.security.KafkaSecurity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

    private static NotifierConfig parse(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return NotifierConfig.fromEnvironment(env, KafkaSecurity.PLAINTEXT);
    }

    @Test
    void theDocumentedVariablesAreEveryVariableItReads() throws IllegalAccessException {
        List<String> documented = NotifierConfig.VARIABLES.stream()
                .map(NotifierConfig.Variable::name)
                .toList();
        List<String> constants = new ArrayList<>();
        for (Field field : NotifierConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class
                    && String.valueOf(field.get(null)).startsWith("HEARTBEAT_")
                    && !field.getName().equals("JOB_JDBC_URL")) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(documented).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(constants);
        assertThat(NotifierConfig.VARIABLES)
                .allSatisfy(v -> assertThat(v.meaning()).isNotBlank());
    }

    @Test
    void aWebhookAndSlackFromTheEnvironmentWithDefaultsForTheRest() {
        NotifierConfig config = parse(
                NotifierConfig.WEBHOOK_URL, "https://pager.example/hook",
                NotifierConfig.WEBHOOK_TOKEN, "s3cret-token-value",
                NotifierConfig.SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/T0/B0/X");
        assertThat(config.contactPoints()).extracting(ContactPoint::name).containsExactly("webhook", "slack");
        assertThat(config.contactPoints().get(0).bearerToken()).contains("s3cret-token-value");
        assertThat(config.contactPoints().get(1).bearerToken()).isEmpty();
        assertThat(config.topic()).isEqualTo("heartbeat-alerts");
        assertThat(config.groupId()).isEqualTo("heartbeat-notifier");
        assertThat(config.dbUser()).isEqualTo(NotifierConfig.DEFAULT_DB_USER);
        assertThat(config.startFrom()).isEqualTo("earliest");
        assertThat(config.retryInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.toString()).doesNotContain("pager.example", "s3cret", "hooks.slack.com");
    }

    @Test
    void theJobsDatabaseUrlIsTheFallback() {
        assertThat(parse(
                                NotifierConfig.WEBHOOK_URL, "http://127.0.0.1:9/hook",
                                NotifierConfig.JOB_JDBC_URL, "jdbc:postgresql://db:5432/hb")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/hb");
    }

    @Test
    void nothingToNotifyIsAMistakeThatSaysWhatToSet() {
        assertThat(NotifierConfig.anyContactPoint(Map.of())).isFalse();
        assertThatThrownBy(() -> parse())
                .hasMessageContaining("no contact point")
                .hasMessageContaining(NotifierConfig.WEBHOOK_URL)
                .hasMessageContaining(NotifierConfig.SLACK_WEBHOOK_URL);
    }

    @Test
    void exampleValuesAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> parse(
                        NotifierConfig.SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/change-me",
                        NotifierConfig.DB_PASSWORD, "change-me-notifier"))
                .hasMessageContaining(NotifierConfig.SLACK_WEBHOOK_URL + " is still the example value")
                .hasMessageContaining(NotifierConfig.DB_PASSWORD + " is still the example value")
                .hasMessageNotContaining("hooks.slack.com");
        assertThatThrownBy(() -> parse(
                        NotifierConfig.WEBHOOK_URL, "https://pager.example/hook",
                        NotifierConfig.WEBHOOK_TOKEN, "change-me-token"))
                .hasMessageContaining(NotifierConfig.WEBHOOK_TOKEN + " is still the example value");
    }

    @Test
    void healthDataGoesOverHttpsUnlessItStaysOnThisMachineOrSomeoneSaysSo() {
        assertThat(parse(NotifierConfig.WEBHOOK_URL, "http://127.0.0.1:8080/hook")
                        .contactPoints())
                .hasSize(1);
        assertThat(parse(NotifierConfig.WEBHOOK_URL, "http://localhost/hook").contactPoints())
                .hasSize(1);
        assertThatThrownBy(() -> parse(NotifierConfig.WEBHOOK_URL, "http://receiver:8080/hook"))
                .hasMessageContaining("plain http")
                .hasMessageContaining(NotifierConfig.ALLOW_PLAINTEXT);
        assertThat(parse(
                                NotifierConfig.WEBHOOK_URL, "http://receiver:8080/hook",
                                NotifierConfig.ALLOW_PLAINTEXT, "true")
                        .contactPoints())
                .hasSize(1);
        assertThatThrownBy(() -> parse(NotifierConfig.SLACK_WEBHOOK_URL, "http://127.0.0.1/slack"))
                .hasMessageContaining("must be an https URL");
    }

    @Test
    void malformedSettingsAreAllReportedAtOnce() {
        assertThatThrownBy(() -> parse(
                        NotifierConfig.WEBHOOK_URL, "ftp://pager.example/hook",
                        NotifierConfig.WEBHOOK_TOKEN, "a-token-value",
                        NotifierConfig.START_FROM, "yesterday",
                        NotifierConfig.RETRY_INITIAL, "10 parsecs",
                        NotifierConfig.HTTP_TIMEOUT, "0s"))
                .hasMessageContaining(NotifierConfig.WEBHOOK_URL + " is not a valid http(s) URL")
                .hasMessageContaining(NotifierConfig.START_FROM + " must be earliest or latest")
                .hasMessageContaining(NotifierConfig.RETRY_INITIAL + " must be a positive duration")
                .hasMessageContaining(NotifierConfig.HTTP_TIMEOUT + " must be a positive duration");
        assertThatThrownBy(() -> parse(NotifierConfig.WEBHOOK_TOKEN, "a-token-value"))
                .hasMessageContaining("is set but " + NotifierConfig.WEBHOOK_URL + " is not");
        assertThatThrownBy(() -> parse(
                        NotifierConfig.WEBHOOK_URL, "https://pager.example/hook",
                        NotifierConfig.RETRY_INITIAL, "1min",
                        NotifierConfig.RETRY_MAX, "10s"))
                .hasMessageContaining("is shorter than");
    }

    @Test
    void retriesDoubleUpToTheMaximumAndNeverStop() {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(5));
        assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.delayAfter(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(retry.delayAfter(5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(5));
    }
}
