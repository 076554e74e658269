package com.heartbeatmonitor.notifier;

import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The SMTP server that sends customers' e-mail contacts, from the environment ({@link NotifierConfig}): where, how
 * encrypted, as whom, and the sender address. The password is a secret: {@link #toString()} never shows it (nor the
 * user), so the configuration can be logged.
 */
public record SmtpServer(
        String host,
        int port,
        Tls tls,
        InternetAddress from,
        Optional<String> user,
        Optional<String> password,
        Duration timeout) {

    /** How the connection is encrypted; each has its usual port. */
    public enum Tls {
        /** Plain connection upgraded by STARTTLS, which is required: a server that does not offer it is refused. */
        STARTTLS("smtp", 587),
        /** TLS from the first byte ("SMTPS", implicit TLS). */
        TLS("smtps", 465),
        /** No encryption: only to this machine (a local relay), since notifications carry health data. */
        NONE("smtp", 25);

        private final String protocol;
        private final int defaultPort;

        Tls(String protocol, int defaultPort) {
            this.protocol = protocol;
            this.defaultPort = defaultPort;
        }

        /** Jakarta Mail's transport protocol: {@code smtp} or {@code smtps}. */
        public String protocol() {
            return protocol;
        }

        public int defaultPort() {
            return defaultPort;
        }

        /** The value of {@link NotifierConfig#SMTP_TLS}: starttls, tls or none. */
        public String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** True when e-mail would carry health data unencrypted to another machine: the rule of plain http. */
    public boolean plaintextOffHost() {
        return tls == Tls.NONE && !ContactPoint.loopback(host);
    }

    @Override
    public String toString() {
        return "smtp " + host + ":" + port + " (" + tls.setting() + (user.isPresent() ? ", with login" : "") + ")";
    }
}
