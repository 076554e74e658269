package com.heartbeatmonitor.notifier;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One e-mail of one notification to one customer's address, over the deployment's {@link SmtpServer} (Eclipse Angus
 * Mail). The server accepting the message is delivered; anything else (a refused connection, a timeout, a refused
 * login or recipient) is a failure to retry, as for HTTP. The message is plain text: the subject and body of
 * {@link Payloads}, an Idempotency-Key header, and a Message-ID made from the idempotency key, so that a copy sent
 * again after a crash is recognisably the same message (mail clients may even fold the two).
 *
 * <p>The address is personal data next to health data: it is in the message's envelope and To header only, never
 * in the outcome, which names the contact point as the ledger does ("contact-3:email").
 */
public final class SmtpDelivery implements Channel {

    /** The right-hand side of every Message-ID: this notifier, not a host name that changes with the pod. */
    static final String MESSAGE_ID_DOMAIN = "heartbeat-monitor";
    /** How much of a server's refusal goes into the ledger and the log. */
    private static final int MAX_DETAIL = 300;
    /** How many nested causes the detail follows (e.g. Angus' connect exception, then the socket's). */
    private static final int MAX_CAUSES = 3;

    private final SmtpServer server;
    private final Session session;
    private final String name;
    private final InternetAddress to;

    /**
     * Delivers to {@code to} through {@code server}, whose {@code session} (see {@link #session}) every e-mail
     * contact shares; {@code name} is the ledger's name of the contact point.
     */
    public SmtpDelivery(SmtpServer server, Session session, String name, InternetAddress to) {
        this.server = server;
        this.session = session;
        this.name = name;
        this.to = to;
    }

    /**
     * The mail session for {@code server}: its timeouts (connect, read and write, so that a server that hangs holds
     * up only this destination's worker), STARTTLS required for starttls, and the server's certificate checked
     * against the JVM's CAs and its host name for starttls and tls.
     */
    public static Session session(SmtpServer server) {
        String p = "mail." + server.tls().protocol() + ".";
        String millis = Long.toString(server.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "host", server.host());
        props.put(p + "port", Integer.toString(server.port()));
        props.put(p + "connectiontimeout", millis);
        props.put(p + "timeout", millis);
        props.put(p + "writetimeout", millis);
        props.put(p + "from", server.from().getAddress());
        props.put(p + "auth", Boolean.toString(server.user().isPresent()));
        if (server.tls() == SmtpServer.Tls.STARTTLS) {
            // Required, not merely enabled: a server (or a man in the middle) that does not offer STARTTLS must
            // not get health data in the clear.
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (server.tls() != SmtpServer.Tls.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return Session.getInstance(props);
    }

    /** {@code <alert_id.revision[.step]@heartbeat-monitor>}: a Message-ID cannot hold the key's colons. */
    static String messageId(Notification notification) {
        return "<" + notification.idempotencyKey().replace(':', '.') + "@" + MESSAGE_ID_DOMAIN + ">";
    }

    @Override
    public Outcome deliver(Notification notification) {
        try {
            MimeMessage message = message(notification);
            Transport transport = session.getTransport(server.tls().protocol());
            try {
                transport.connect(
                        server.host(),
                        server.port(),
                        server.user().orElse(null),
                        server.password().orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            } finally {
                closeQuietly(transport);
            }
            return new Outcome(true, "SMTP accepted by " + server.host());
        } catch (AuthenticationFailedException e) {
            return new Outcome(
                    false,
                    "SMTP authentication failed: check " + NotifierConfig.SMTP_USER + " and "
                            + NotifierConfig.SMTP_PASSWORD + " (" + describe(e) + ")");
        } catch (MessagingException e) {
            return new Outcome(false, describe(e));
        }
    }

    /**
     * Ends the session. Once sendMessage returned the server has the message: a failed QUIT must not turn that into
     * a failure, which would send it again.
     */
    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // Delivered or not, the answer was already given; nothing left to release.
        }
    }

    /** The message as it is sent, every attempt alike but for its Date. */
    MimeMessage message(Notification notification) throws MessagingException {
        MimeMessage message = new KeyedMessage(session, messageId(notification));
        message.setFrom(server.from());
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(Payloads.subject(notification), StandardCharsets.UTF_8.name());
        message.setText(Payloads.emailBody(notification), StandardCharsets.UTF_8.name());
        message.setHeader(HttpDelivery.IDEMPOTENCY_KEY, notification.idempotencyKey());
        message.setSentDate(Date.from(Instant.now()));
        message.saveChanges();
        return message;
    }

    /**
     * The exception and its causes, with the address replaced by the contact point's name (a server's refusal
     * quotes it: "550 5.1.1 &lt;nurse@...&gt;: unknown user") and never the password.
     */
    private String describe(Exception e) {
        List<String> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < MAX_CAUSES; ) {
            chain.add(t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage().strip()));
            Throwable next = t instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException()
                    : t.getCause();
            t = next == t ? null : next;
        }
        String text = Pattern.compile(Pattern.quote(to.getAddress()), Pattern.CASE_INSENSITIVE)
                .matcher(String.join("; caused by ", chain))
                .replaceAll(Matcher.quoteReplacement(name));
        if (server.password().isPresent() && !server.password().get().isEmpty()) {
            text = text.replace(server.password().get(), "***");
        }
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }

    @Override
    public String toString() {
        return name + " (e-mail, " + server.tls().setting() + ")";
    }

    /** A message whose Message-ID is the notification's own, not the random one Jakarta Mail would make. */
    private static final class KeyedMessage extends MimeMessage {

        private final String messageId;

        KeyedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
