package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * E-mail contacts against a real SMTP server (GreenMail) on a free loopback port: what arrives, and what a server
 * that is down, refuses the login or offers no encryption does to the outcome.
 */
class SmtpDeliveryTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String CONTACT = "contact-3:email";
    private static final String ADDRESS = "gp@example.org";
    private static final String SENDER = "heartbeat@care.example";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long ARRIVAL_MILLIS = 5_000;
    private static final long SMTPS_STARTUP_MILLIS = 30_000;

    private GreenMail greenMail;

    @AfterEach
    void stopServer() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private GreenMail start(ServerSetup setup) {
        greenMail = new GreenMail(setup);
        greenMail.start();
        return greenMail;
    }

    private static ServerSetup smtpOnLoopback(int port) {
        return new ServerSetup(port, LOOPBACK, ServerSetup.PROTOCOL_SMTP);
    }

    private static SmtpServer server(int port, SmtpServer.Tls tls, String user, String password) throws Exception {
        return new SmtpServer(
                LOOPBACK,
                port,
                tls,
                new InternetAddress(SENDER),
                Optional.ofNullable(user),
                Optional.ofNullable(password),
                TIMEOUT);
    }

    /** The customer's e-mail contact as the Deliverer reaches it: through Routes, by the ledger's name and target. */
    private static Routes.Destination destination(SmtpServer server) {
        return new Routes(List.of(), false, TIMEOUT, Optional.of(server))
                .route(CONTACT, ADDRESS)
                .destination()
                .orElseThrow();
    }

    private static Notification critical() {
        return Notification.of(NotificationTest.revision("CRITICAL", "OPEN", 1)).orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aCriticalAlertArrivesWithItsSubjectTextKeyAndAMessageIdFromTheKey() throws Exception {
        GreenMail mail = start(smtpOnLoopback(0).dynamicPort());
        Notification n = critical();

        Channel.Outcome outcome = destination(server(mail.getSmtp().getPort(), SmtpServer.Tls.NONE, null, null))
                .deliver(n);

        assertThat(outcome.delivered()).as(outcome.detail()).isTrue();
        assertThat(outcome.detail()).doesNotContain(ADDRESS);
        assertThat(mail.waitForIncomingEmail(ARRIVAL_MILLIS, 1)).isTrue();
        MimeMessage received = mail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("[CRITICAL] TACHYCARDIA of customer-00042 (new)");
        assertThat(received.getMessageID()).isEqualTo("<" + NotificationTest.ID + ".1@heartbeat-monitor>");
        assertThat(received.getHeader(HttpDelivery.IDEMPOTENCY_KEY)).containsExactly(NotificationTest.ID + ":1");
        assertThat(received.getFrom()).extracting(Object::toString).containsExactly(SENDER);
        assertThat(received.getAllRecipients()).extracting(Object::toString).containsExactly(ADDRESS);
        assertThat(received.getContentType()).startsWith("text/plain");
        assertThat(((String) received.getContent()).replace("\r\n", "\n"))
                .startsWith(Payloads.text(n))
                .contains("Idempotency key: " + NotificationTest.ID + ":1");
    }

    static Stream<Arguments> everyKind() {
        return Stream.of(
                Arguments.of(
                        Notification.of(NotificationTest.revision("HIGH", "OPEN", 2))
                                .orElseThrow()
                                .atStep(1),
                        "[HIGH] TACHYCARDIA of customer-00042 (escalated, not acknowledged: escalation step 1)",
                        "<" + NotificationTest.ID + ".2.1@heartbeat-monitor>"),
                Arguments.of(
                        new Notification(
                                Notification.Kind.ALL_CLEAR, NotificationTest.revision("CRITICAL", "CLOSED", 3)),
                        "[CRITICAL] TACHYCARDIA of customer-00042 (all clear)",
                        "<" + NotificationTest.ID + ".3@heartbeat-monitor>"),
                Arguments.of(
                        Notification.of(NotificationTest.revision("WARNING", "OPEN", 1))
                                .orElseThrow(),
                        "[WARNING] TACHYCARDIA of customer-00042 (device notice)",
                        "<" + NotificationTest.ID + ".1@heartbeat-monitor>"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKind")
    void everyKindIsSent(Notification n, String subject, String messageId) throws Exception {
        GreenMail mail = start(smtpOnLoopback(0).dynamicPort());

        Channel.Outcome outcome = destination(server(mail.getSmtp().getPort(), SmtpServer.Tls.NONE, null, null))
                .deliver(n);

        assertThat(outcome.delivered()).as(outcome.detail()).isTrue();
        assertThat(mail.waitForIncomingEmail(ARRIVAL_MILLIS, 1)).isTrue();
        MimeMessage received = mail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo(subject);
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(((String) received.getContent()).replace("\r\n", "\n")).startsWith(Payloads.text(n));
    }

    @Test
    void aServerThatIsDownIsAFailedAttemptAndTheSameMessageGoesOnceItIsBack() throws Exception {
        int port = freePort();
        Routes.Destination to = destination(server(port, SmtpServer.Tls.NONE, null, null));
        Notification n = critical();

        Channel.Outcome down = to.deliver(n);

        assertThat(down.delivered()).isFalse();
        assertThat(down.detail()).containsIgnoringCase("connect").doesNotContain(ADDRESS);

        // The ledger retries a failed attempt later, as for HTTP: the same notification, the same Message-ID.
        GreenMail mail = start(smtpOnLoopback(port));
        Channel.Outcome retried = to.deliver(n);
        assertThat(retried.delivered()).as(retried.detail()).isTrue();
        assertThat(mail.waitForIncomingEmail(ARRIVAL_MILLIS, 1)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getMessageID()).isEqualTo(SmtpDelivery.messageId(n));
    }

    @Test
    void aRefusedRecipientIsAFailureThatNamesTheContactNotTheAddress() throws Exception {
        // GreenMail takes every recipient; a refusal quoting the address, as real servers word it, needs a server
        // that refuses: a scripted SMTP peer, in whatever case it quotes the address.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            Thread peer = new Thread(() -> refuseEveryRecipient(listener), "smtp-peer");
            peer.setDaemon(true);
            peer.start();

            Channel.Outcome outcome = destination(server(listener.getLocalPort(), SmtpServer.Tls.NONE, null, null))
                    .deliver(critical());

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.detail())
                    .contains("550 5.1.1 <" + CONTACT + ">: Recipient address rejected")
                    .doesNotContainIgnoringCase(ADDRESS);
        }
    }

    private static void refuseEveryRecipient(ServerSocket listener) {
        try (Socket client = listener.accept();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            out.write("220 peer ESMTP\r\n");
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.toUpperCase(Locale.ROOT);
                out.write(
                        command.startsWith("RCPT")
                                ? "550 5.1.1 <" + ADDRESS.toUpperCase(Locale.ROOT) + ">: Recipient address rejected\r\n"
                                : command.startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n");
                out.flush();
                if (command.startsWith("QUIT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away: the test judges its outcome.
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatNeverShowsItAndTheRightOneDelivers() throws Exception {
        GreenMail mail = start(smtpOnLoopback(0).dynamicPort());
        mail.setUser("notifier@care.example", "notifier", "the-right-password");
        int port = mail.getSmtp().getPort();

        Channel.Outcome refused = destination(server(port, SmtpServer.Tls.NONE, "notifier", "a-wrong-password"))
                .deliver(critical());

        assertThat(refused.delivered()).isFalse();
        assertThat(refused.detail())
                .startsWith("SMTP authentication failed: check " + NotifierConfig.SMTP_USER)
                .doesNotContain("a-wrong-password")
                .doesNotContain(ADDRESS);
        assertThat(mail.getReceivedMessages()).isEmpty();

        Channel.Outcome accepted = destination(server(port, SmtpServer.Tls.NONE, "notifier", "the-right-password"))
                .deliver(critical());

        assertThat(accepted.delivered()).as(accepted.detail()).isTrue();
        assertThat(mail.waitForIncomingEmail(ARRIVAL_MILLIS, 1)).isTrue();
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNothing() throws Exception {
        GreenMail mail = start(smtpOnLoopback(0).dynamicPort());

        Channel.Outcome outcome = destination(server(mail.getSmtp().getPort(), SmtpServer.Tls.STARTTLS, null, null))
                .deliver(critical());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).contains("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void implicitTlsChecksTheServersCertificate() throws Exception {
        // GreenMail's SMTPS certificate is self-signed: this JVM's CAs do not vouch for it.
        ServerSetup smtps = new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        // Making the TLS context takes a while on a busy machine.
        smtps.setServerStartupTimeout(SMTPS_STARTUP_MILLIS);
        GreenMail mail = start(smtps);

        Channel.Outcome outcome = destination(server(mail.getSmtps().getPort(), SmtpServer.Tls.TLS, null, null))
                .deliver(critical());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).contains("SSLHandshakeException");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }
}
