package com.heartbeatmonitor.notifier;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a ledger row's contact point and target into where to POST: a contact point of the environment by name, or
 * a customer's contact from its target, checked by the same rules as the environment's (https, or plain http on
 * loopback or when allowed; Slack https only). A target that can never be reached gets a reason instead, which the
 * ledger keeps as the row's failure: nothing is dropped silently.
 */
final class Routes {

    /** Where to send, or why it cannot be sent. */
    record Route(Optional<ContactPoint> contactPoint, String unreachable) {}

    static final String EMAIL_UNSUPPORTED = "e-mail contacts are not sent by this notifier (no SMTP support yet):"
            + " give the customer a webhook or slack contact; the escalation goes on to the next contact";

    private final Map<String, ContactPoint> deployment;
    private final boolean allowPlaintext;

    Routes(List<ContactPoint> deployment, boolean allowPlaintext) {
        this.deployment = deployment.stream().collect(Collectors.toMap(ContactPoint::name, Function.identity()));
        this.allowPlaintext = allowPlaintext;
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
                    : new Route(Optional.of(cp), null);
        }
        String type = contactPoint.substring(contactPoint.indexOf(':') + 1).toUpperCase(Locale.ROOT);
        String name = contactPoint.substring(0, Math.max(contactPoint.indexOf(':'), 0));
        if (type.equals("EMAIL")) {
            return failed(EMAIL_UNSUPPORTED);
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
        return new Route(Optional.of(cp), null);
    }

    private static Route failed(String reason) {
        return new Route(Optional.empty(), reason);
    }
}
