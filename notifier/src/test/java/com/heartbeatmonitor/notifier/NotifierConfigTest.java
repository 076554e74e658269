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

    private static final String[] WEBHOOK = {NotifierConfig.WEBHOOK_URL, "https://pager.example/hook"};

    private static NotifierConfig withWebhook(String... keyValues) {
        String[] all = new String[WEBHOOK.length + keyValues.length];
        System.arraycopy(WEBHOOK, 0, all, 0, WEBHOOK.length);
        System.arraycopy(keyValues, 0, all, WEBHOOK.length, keyValues.length);
        return parse(all);
    }

    @Test
    void eMailIsOffUntilAnSmtpHostIsSetAndThenNeedsASender() {
        assertThat(withWebhook().smtp()).isEmpty();
        assertThat(withWebhook(NotifierConfig.SMTP_TLS, "starttls", NotifierConfig.SMTP_PORT, "")
                        .smtp())
                .as("compose passes the example's defaults and empty values")
                .isEmpty();
        assertThatThrownBy(() -> withWebhook(NotifierConfig.SMTP_HOST, "smtp.example.org"))
                .hasMessageContaining(NotifierConfig.SMTP_FROM + " is not set");

        SmtpServer smtp = withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "Heartbeat Monitor <heartbeat@care.example>",
                        NotifierConfig.HTTP_TIMEOUT, "7s")
                .smtp()
                .orElseThrow();
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.tls()).isEqualTo(SmtpServer.Tls.STARTTLS);
        assertThat(smtp.from().getAddress()).isEqualTo("heartbeat@care.example");
        assertThat(smtp.user()).isEmpty();
        assertThat(smtp.timeout()).as("the HTTP timeout").isEqualTo(Duration.ofSeconds(7));

        SmtpServer implicit = withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_TLS, "TLS")
                .smtp()
                .orElseThrow();
        assertThat(implicit.tls()).isEqualTo(SmtpServer.Tls.TLS);
        assertThat(implicit.port()).isEqualTo(465);
    }

    @Test
    void plainSmtpIsAllowedOnlyToThisMachineAndTheRefusalSaysWhatToSet() {
        assertThatThrownBy(() -> withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_TLS, "none",
                        NotifierConfig.ALLOW_PLAINTEXT, "true"))
                .as("the plain-http opt-in does not extend to e-mail")
                .hasMessageContaining(NotifierConfig.SMTP_TLS + "=none is plain SMTP to another host")
                .hasMessageContaining("set " + NotifierConfig.SMTP_TLS + "=starttls");
        SmtpServer local = withWebhook(
                        NotifierConfig.SMTP_HOST, "localhost",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_TLS, "none")
                .smtp()
                .orElseThrow();
        assertThat(local.port()).isEqualTo(25);
        assertThat(local.plaintextOffHost()).isFalse();
        assertThatThrownBy(() -> withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_TLS, "ssl"))
                .hasMessageContaining(NotifierConfig.SMTP_TLS + " must be starttls, tls or none, not ssl");
    }

    @Test
    void anSmtpLoginNeedsBothHalvesAndThePasswordIsNeverShown() {
        SmtpServer smtp = withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_USER, "notifier",
                        NotifierConfig.SMTP_PASSWORD, "s3cret-smtp-password")
                .smtp()
                .orElseThrow();
        assertThat(smtp.password()).contains("s3cret-smtp-password");
        assertThat(smtp.toString())
                .contains("smtp.example.org:587", "with login")
                .doesNotContain("s3cret", "notifier");
        assertThat(withWebhook(
                                NotifierConfig.SMTP_HOST, "smtp.example.org",
                                NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                                NotifierConfig.SMTP_USER, "notifier",
                                NotifierConfig.SMTP_PASSWORD, "s3cret-smtp-password")
                        .toString())
                .doesNotContain("s3cret");

        assertThatThrownBy(() -> withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_USER, "notifier"))
                .hasMessageContaining(NotifierConfig.SMTP_USER + " is set but " + NotifierConfig.SMTP_PASSWORD);
        assertThatThrownBy(() -> withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp.example.org",
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_USER, "notifier",
                        NotifierConfig.SMTP_PASSWORD, "change-me-smtp"))
                .hasMessageContaining(NotifierConfig.SMTP_PASSWORD + " is still the example value")
                .hasMessageNotContaining("change-me-smtp");
        assertThatThrownBy(() -> withWebhook(
                        NotifierConfig.SMTP_FROM, "heartbeat@care.example",
                        NotifierConfig.SMTP_PASSWORD, "s3cret-smtp-password"))
                .hasMessageContaining(NotifierConfig.SMTP_FROM + " is set but " + NotifierConfig.SMTP_HOST + " is not")
                .hasMessageContaining(NotifierConfig.SMTP_PASSWORD + " is set but " + NotifierConfig.SMTP_HOST)
                .hasMessageNotContaining("s3cret");
        assertThat(withWebhook(NotifierConfig.SMTP_PASSWORD, "change-me-smtp").smtp())
                .as("a copied .env.example without e-mail starts")
                .isEmpty();
        assertThatThrownBy(() -> withWebhook(
                        NotifierConfig.SMTP_HOST, "smtp://smtp.example.org",
                        NotifierConfig.SMTP_FROM, "not an address"))
                .hasMessageContaining(NotifierConfig.SMTP_HOST + " must be a host name")
                .hasMessageContaining(NotifierConfig.SMTP_FROM + " is not an e-mail address");
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
