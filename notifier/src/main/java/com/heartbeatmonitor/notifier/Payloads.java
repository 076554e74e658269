package com.heartbeatmonitor.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a contact point receives: the request body per contact point type, an e-mail's subject and body, and the
 * one-line text a person reads, which all of them carry.
 */
public final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The ending without readings, told differently from a CLOSED one. */
    private static final String EXPIRED = "EXPIRED";

    private Payloads() {}

    /** The line a person reads, e.g. "New CRITICAL alert: TACHYCARDIA of customer-00042, peak 182 bpm, ...". */
    public static String text(Notification notification) {
        AlertRevision a = notification.alert();
        String what = switch (notification.kind()) {
            case NEW -> "New " + a.severity() + " alert";
            case ESCALATED -> "Alert escalated to " + a.severity();
            case NOTICE -> "Device notice (" + a.severity() + ")";
            case ALL_CLEAR ->
                EXPIRED.equals(a.status())
                        ? "Alert ended without being seen to end (no readings since " + a.endedAt()
                                + "; check the device)"
                        : "All clear (no reading beyond the threshold since " + a.endedAt() + ")";
        };
        String escalation = escalationPage(notification)
                ? "Not acknowledged, so sent to you (escalation step " + notification.step() + "). "
                : "";
        return escalation + what + ": " + headline(a)
                + (a.peakBpm() == null ? "" : ", peak " + a.peakBpm() + " bpm")
                + ", since " + a.startedAt() + ", detected " + a.detectedAt()
                + " (alert " + a.alertId() + ", revision " + a.revision() + ")";
    }

    /**
     * A page to a later contact because nobody acknowledged: said so. An all clear to that contact is no such page
     * (it follows the alert's end, acknowledged or not), so it does not say it.
     */
    private static boolean escalationPage(Notification notification) {
        return notification.step() > 0 && notification.kind() != Notification.Kind.ALL_CLEAR;
    }

    /** What happened to whom, e.g. "TACHYCARDIA of customer-00042": in the text and in an e-mail's subject. */
    static String headline(AlertRevision alert) {
        return alert.type() + " of " + alert.customerId();
    }

    /**
     * An e-mail's subject, e.g. "[CRITICAL] TACHYCARDIA of customer-00042 (escalated)": the severity first, so an
     * inbox list shows what matters, then the text's headline and the kind; the whole text is in the body.
     */
    public static String subject(Notification notification) {
        AlertRevision a = notification.alert();
        String kind = switch (notification.kind()) {
            case NEW -> "new";
            case ESCALATED -> "escalated";
            case NOTICE -> "device notice";
            case ALL_CLEAR -> EXPIRED.equals(a.status()) ? "ended, no readings" : "all clear";
        };
        String step = escalationPage(notification) ? ", not acknowledged: escalation step " + notification.step() : "";
        return "[" + a.severity() + "] " + headline(a) + " (" + kind + step + ")";
    }

    /**
     * An e-mail's plain-text body: the text, and the idempotency key, which is also in the Idempotency-Key header
     * and the Message-ID: a copy sent again after a crash is the same notification, not a new one.
     */
    public static String emailBody(Notification notification) {
        return text(notification) + "\n\nIdempotency key: " + notification.idempotencyKey()
                + "\n(The same key on two messages means the same notification, sent again after a restart.)\n";
    }

    /**
     * The generic webhook's JSON: {@code idempotency_key} (also the Idempotency-Key header), {@code kind} (NEW,
     * ESCALATED, ALL_CLEAR or NOTICE), {@code step} (0: the first contact; k: the k-th escalation), {@code text},
     * and {@code alert}, the revision exactly as the topic carries it.
     */
    public static byte[] webhook(Notification notification) {
        ObjectNode body = JSON.createObjectNode();
        body.put("idempotency_key", notification.idempotencyKey());
        body.put("kind", notification.kind().name());
        body.put("step", notification.step());
        body.put("text", text(notification));
        body.set("alert", notification.alert().toJson());
        return bytes(body);
    }

    /**
     * Slack's incoming-webhook body: {@code {"text": ...}}, escaped as Slack's formatting requires (&amp;, &lt;,
     * &gt;), so a value can never turn into a link or a mention.
     */
    public static byte[] slack(Notification notification) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", slackEscape(text(notification)));
        return bytes(body);
    }

    static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree of strings and numbers", e);
        }
    }
}
