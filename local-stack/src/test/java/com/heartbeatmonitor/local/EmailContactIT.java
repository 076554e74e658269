package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.notifier.HttpDelivery;
import com.heartbeatmonitor.notifier.Notifier;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.security.KafkaSecurity;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer's e-mail contact through the whole notifier, every part real but the job: revisions on a real Kafka
 * topic, the ledger in PostgreSQL as the notifier's own role, the first contact a real HTTP receiver and the second
 * an e-mail address served by a real SMTP server (GreenMail) on loopback. An unacknowledged CRITICAL escalates to
 * the address after the (shortened) delay, its all clear follows, and a notifier of another consumer group that
 * reads the whole topic again sends no second e-mail.
 */
class EmailContactIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CRITICAL_AFTER = Duration.ofSeconds(2);
    private static final String TOPIC = "email-alerts";
    private static final String CUSTOMER = "mail-patient";
    private static final String ADDRESS = "night-nurse@care.example";

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void anUnacknowledgedCriticalEscalatesToAnEmailAddressThenItsAllClearAndNothingTwice() throws Exception {
        TestStack stack = STACK.stack();
        stack.broker.createTopic(TOPIC, 2);
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try (WebhookReceiver ops = new WebhookReceiver();
                WebhookReceiver first = new WebhookReceiver();
                KafkaProducer<String, byte[]> producer = AlertRevisions.producer(stack)) {
            AlertRevisions.contacts(
                    stack,
                    CUSTOMER,
                    List.of(
                            new AlertRevisions.Contact("webhook", first.url()),
                            new AlertRevisions.Contact("email", ADDRESS)));
            String id = UUID.randomUUID().toString();
            Notifier notifier =
                    Notifier.start(config(ops, "email-it", smtp.getSmtp().getPort()));
            try {
                AlertRevisions.publish(producer, TOPIC, AlertRevisions.json(id, CUSTOMER, "CRITICAL", "OPEN", 1));
                assertThat(smtp.waitForIncomingEmail(TIMEOUT.toMillis(), 1))
                        .as("the escalation e-mailed")
                        .isTrue();
                AlertRevisions.publish(producer, TOPIC, AlertRevisions.json(id, CUSTOMER, "CRITICAL", "CLOSED", 2));
                assertThat(smtp.waitForIncomingEmail(TIMEOUT.toMillis(), 2))
                        .as("the all clear e-mailed")
                        .isTrue();
            } finally {
                notifier.close();
            }
            // Another consumer group reads the whole topic again: the ledger turns it into nothing new.
            notifier = Notifier.start(
                    config(ops, "email-it-rereads", smtp.getSmtp().getPort()));
            try {
                stack.awaitCaughtUp(TOPIC, "email-it-rereads", TIMEOUT);
                assertThat(stack.awaitCount(
                                "SELECT count(*) FROM alert_notifications WHERE contact_point LIKE '%:email'"
                                        + " AND state = 'delivered'",
                                2, TIMEOUT))
                        .isEqualTo(2);
                assertThat(stack.awaitCount(
                                "SELECT count(*) FROM alert_notifications WHERE state = 'pending' AND"
                                        + " next_attempt_at <= now()",
                                0,
                                Duration.ZERO))
                        .as("nothing due")
                        .isZero();
            } finally {
                notifier.close();
            }

            List<String> received = new ArrayList<>();
            for (MimeMessage message : smtp.getReceivedMessages()) {
                received.add(describe(message));
            }
            System.out.printf(
                    "email: received %s; first contact %d webhook posts%n",
                    received, first.accepted().size());
            assertThat(received)
                    .containsExactly(
                            ADDRESS + " | [CRITICAL] TACHYCARDIA of " + CUSTOMER
                                    + " (new, not acknowledged: escalation step 1) | " + id + ":1:1",
                            ADDRESS + " | [CRITICAL] TACHYCARDIA of " + CUSTOMER + " (all clear) | " + id + ":2:1");
            assertThat(first.accepted())
                    .extracting(WebhookReceiver.Received::idempotencyKey)
                    .containsExactly(id + ":1", id + ":2");
        } finally {
            smtp.stop();
        }
    }

    private static String describe(MimeMessage message) throws MessagingException {
        return message.getAllRecipients()[0] + " | " + message.getSubject() + " | "
                + message.getHeader(HttpDelivery.IDEMPOTENCY_KEY)[0];
    }

    private static NotifierConfig config(WebhookReceiver ops, String group, int smtpPort) {
        Map<String, String> env = STACK.stack().notifierEnvironment(TOPIC, group, ops);
        env.put(NotifierConfig.RETRY_MAX, "500ms");
        env.put(NotifierConfig.ESCALATE_CRITICAL_AFTER, CRITICAL_AFTER.toMillis() + "ms");
        // Never night, so that no notice waits whatever the hour of the test.
        env.put(NotifierConfig.NIGHT, "00:00-00:01");
        env.put(NotifierConfig.SMTP_HOST, "127.0.0.1");
        env.put(NotifierConfig.SMTP_PORT, String.valueOf(smtpPort));
        // Plain SMTP is allowed only to this machine, as plain http is.
        env.put(NotifierConfig.SMTP_TLS, "none");
        env.put(NotifierConfig.SMTP_FROM, "heartbeat-monitor@care.example");
        return NotifierConfig.fromEnvironment(env, KafkaSecurity.PLAINTEXT);
    }
}
