package com.heartbeatmonitor.notifier;

import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a ledger row's contact point and target into a {@link Destination}: a contact point of the environment by
 * name, or a customer's contact from its target, checked by the same rules as the environment's (https, or plain
 * http on loopback or when allowed; Slack https only; e-mail only with an SMTP server configured). A target that can
 * never be reached gets a reason instead, which the ledger keeps as the row's failure: nothing is dropped silently.
 */
final class Routes {

    /**
     * A checked destination and the channel that reaches it; {@code name} is the ledger's ("webhook",
     * "contact-3:email"), the only way a destination appears in a log line.
     */
    record Destination(String name, Channel channel) {

        Channel.Outcome deliver(Notification notification) throws InterruptedException {
            return channel.deliver(notification);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Where to send, or why it cannot be sent. */
    record Route(Optional<Destination> destination, String unreachable) {}

    static final String SMTP_NOT_CONFIGURED = "SMTP not configured: set " + NotifierConfig.SMTP_HOST + " and "
            + NotifierConfig.SMTP_FROM + " for the notifier to send e-mail contacts; the escalation goes on to the"
            + " next contact";

    /** The contact type of a customer's e-mail contact, as {@link CustomerPlan} writes it into the ledger. */
    private static final String EMAIL = "EMAIL";

    private final Map<String, ContactPoint> deployment;
    private final boolean allowPlaintext;
    private final HttpClient http;
    private final Duration timeout;
    private final Optional<SmtpServer> smtp;
    private final Optional<Session> mail;

    Routes(List<ContactPoint> deployment, boolean allowPlaintext, Duration timeout, Optional<SmtpServer> smtp) {
        this.deployment = deployment.stream().collect(Collectors.toMap(ContactPoint::name, Function.identity()));
        this.allowPlaintext = allowPlaintext;
        this.http = HttpDelivery.client(timeout);
        this.timeout = timeout;
        this.smtp = smtp;
        this.mail = smtp.map(SmtpDelivery::session);
    }

    /** Whether a deployment contact point of this name is configured (rows of a removed one wait for it). */
    boolean configured(String name) {
        return deployment.containsKey(name);
    }

    Route route(String contactPoint, String target) {
        if (target == null) {
            ContactPoint cp = deployment.get(contactPoint);
            return cp == null
                    ? failed("contact point " + contactPoint + " is not configured in this notifier")
                    : reached(contactPoint, new HttpDelivery(http, timeout, cp));
        }
        String type = contactPoint.substring(contactPoint.indexOf(':') + 1).toUpperCase(Locale.ROOT);
        String name = contactPoint.substring(0, Math.max(contactPoint.indexOf(':'), 0));
        if (type.equals(EMAIL)) {
            return email(contactPoint, target);
        }
        ContactPoint cp;
        try {
            cp = new ContactPoint(name, ContactPoint.Type.valueOf(type), new URI(target), Optional.empty());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // The target is a secret: say what is wrong, not what it is.
            return failed(contactPoint + " is not a valid http(s) URL with a host");
        }
        if (cp.type() == ContactPoint.Type.SLACK && !cp.url().getScheme().equalsIgnoreCase("https")) {
            return failed(contactPoint + " must be an https URL (Slack's incoming webhooks are https)");
        }
        if (cp.plaintextOffHost() && !allowPlaintext) {
            return failed(contactPoint + " is plain http to another host: notifications carry health data; the"
                    + " customer's settings must use https (or the deployment sets "
                    + NotifierConfig.ALLOW_PLAINTEXT + "=true)");
        }
        return reached(contactPoint, new HttpDelivery(http, timeout, cp));
    }

    private Route email(String contactPoint, String target) {
        if (smtp.isEmpty()) {
            return failed(SMTP_NOT_CONFIGURED);
        }
        InternetAddress to;
        try {
            to = new InternetAddress(target, true);
            to.validate();
        } catch (AddressException e) {
            // The address is personal data: say what is wrong, not what it is.
            return failed(contactPoint + " is not a valid e-mail address");
        }
        if (to.getPersonal() != null || !to.getAddress().equals(target)) {
            return failed(contactPoint + " is not a bare e-mail address (name@domain)");
        }
        return reached(contactPoint, new SmtpDelivery(smtp.get(), mail.get(), contactPoint, to));
    }

    private static Route reached(String name, Channel channel) {
        return new Route(Optional.of(new Destination(name, channel)), null);
    }

    private static Route failed(String reason) {
        return new Route(Optional.empty(), reason);
    }
}
