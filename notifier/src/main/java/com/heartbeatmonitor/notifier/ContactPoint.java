package com.heartbeatmonitor.notifier;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where notifications go: a generic JSON webhook or a Slack incoming webhook, both a plain HTTPS POST. The URL (and
 * a webhook's bearer token) is a secret: whoever has a Slack webhook URL may post to the channel. So
 * {@link #toString()} never shows either, and neither appears in a log line or in the ledger.
 */
public record ContactPoint(String name, Type type, URI url, Optional<String> bearerToken) {

    /** The body each type receives ({@link Payloads}). */
    public enum Type {
        WEBHOOK,
        SLACK
    }

    /** Hosts where plain http (or plain SMTP) is acceptable: the data never leaves the machine. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    public ContactPoint {
        if (!url.isAbsolute() || url.getHost() == null) {
            throw new IllegalArgumentException(name + ": not an absolute http(s) URL with a host");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(name + ": the URL must be http(s), not " + scheme);
        }
    }

    /** True when the URL sends health data unencrypted to another machine. */
    public boolean plaintextOffHost() {
        return url.getScheme().equalsIgnoreCase("http") && !loopback(url.getHost());
    }

    /**
     * Whether {@code host} is this machine: the one place where health data may travel unencrypted, over plain
     * http here and over SMTP without TLS ({@link SmtpServer#plaintextOffHost()}).
     */
    static boolean loopback(String host) {
        return LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The request body for {@code notification}. */
    public byte[] body(Notification notification) {
        return type == Type.SLACK ? Payloads.slack(notification) : Payloads.webhook(notification);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }
}
