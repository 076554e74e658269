package com.heartbeatmonitor.notifier;

import com.heartbeatmonitor.security.KafkaSecurity;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the notifier needs, from the environment only: contact point URLs, tokens and the SMTP password are
 * secrets and never program arguments (process lists show those). {@link #fromEnvironment} checks all of it at once
 * and throws {@link IllegalArgumentException} with one line per problem, each naming the variable to fix.
 */
public record NotifierConfig(
        String bootstrapServers,
        KafkaSecurity kafkaSecurity,
        String topic,
        String groupId,
        String startFrom,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        List<ContactPoint> contactPoints,
        Optional<SmtpServer> smtp,
        Duration retryInitial,
        Duration retryMax,
        Duration httpTimeout,
        Escalation escalation,
        int workers,
        String metricsHost,
        int metricsPort,
        boolean allowPlaintext) {

    /**
     * The escalation defaults (a customer's settings may override the delays) and the night in which WARNING
     * notices wait, in the deployment's time zone unless the customer has one.
     */
    public record Escalation(Duration criticalAfter, Duration highAfter, QuietHours quietHours) {}

    public static final String WEBHOOK_URL = "HEARTBEAT_NOTIFY_WEBHOOK_URL";
    public static final String WEBHOOK_TOKEN = "HEARTBEAT_NOTIFY_WEBHOOK_TOKEN";
    public static final String SLACK_WEBHOOK_URL = "HEARTBEAT_NOTIFY_SLACK_WEBHOOK_URL";
    public static final String ALLOW_PLAINTEXT = "HEARTBEAT_NOTIFY_ALLOW_PLAINTEXT_HTTP";
    public static final String SMTP_HOST = "HEARTBEAT_NOTIFY_SMTP_HOST";
    public static final String SMTP_PORT = "HEARTBEAT_NOTIFY_SMTP_PORT";
    public static final String SMTP_TLS = "HEARTBEAT_NOTIFY_SMTP_TLS";
    public static final String SMTP_FROM = "HEARTBEAT_NOTIFY_SMTP_FROM";
    public static final String SMTP_USER = "HEARTBEAT_NOTIFY_SMTP_USER";
    public static final String SMTP_PASSWORD = "HEARTBEAT_NOTIFY_SMTP_PASSWORD";
    public static final String JDBC_URL = "HEARTBEAT_NOTIFY_JDBC_URL";
    public static final String DB_USER = "HEARTBEAT_NOTIFY_DB_USER";
    public static final String DB_PASSWORD = "HEARTBEAT_NOTIFY_DB_PASSWORD";
    public static final String GROUP_ID = "HEARTBEAT_NOTIFY_GROUP_ID";
    public static final String START_FROM = "HEARTBEAT_NOTIFY_START_FROM";
    public static final String RETRY_INITIAL = "HEARTBEAT_NOTIFY_RETRY_INITIAL";
    public static final String RETRY_MAX = "HEARTBEAT_NOTIFY_RETRY_MAX";
    public static final String HTTP_TIMEOUT = "HEARTBEAT_NOTIFY_HTTP_TIMEOUT";
    public static final String ESCALATE_CRITICAL_AFTER = "HEARTBEAT_NOTIFY_ESCALATE_CRITICAL_AFTER";
    public static final String ESCALATE_HIGH_AFTER = "HEARTBEAT_NOTIFY_ESCALATE_HIGH_AFTER";
    public static final String TIME_ZONE = "HEARTBEAT_NOTIFY_TIME_ZONE";
    public static final String NIGHT = "HEARTBEAT_NOTIFY_NIGHT";
    public static final String WORKERS = "HEARTBEAT_NOTIFY_WORKERS";
    public static final String METRICS_HOST = "HEARTBEAT_NOTIFY_METRICS_HOST";
    public static final String METRICS_PORT = "HEARTBEAT_NOTIFY_METRICS_PORT";
    /** Shared with the job and the generator. */
    public static final String BOOTSTRAP_SERVERS = "HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS";

    public static final String ALERTS_TOPIC = "HEARTBEAT_ALERTS_TOPIC";
    /** The job's database URL, used when the notifier's own is not set: both live in the same database. */
    public static final String JOB_JDBC_URL = "HEARTBEAT_JDBC_URL";

    public static final String DEFAULT_DB_USER = "heartbeat_notifier";
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String DEFAULT_ALERTS_TOPIC = "heartbeat-alerts";
    static final String DEFAULT_GROUP_ID = "heartbeat-notifier";
    static final String DEFAULT_START_FROM = "earliest";
    static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:5432/heartbeat";
    static final String DEFAULT_RETRY_INITIAL = "1s";
    static final String DEFAULT_RETRY_MAX = "5min";
    static final String DEFAULT_HTTP_TIMEOUT = "10s";
    static final String DEFAULT_SMTP_TLS = "starttls";
    static final String DEFAULT_ESCALATE_CRITICAL_AFTER = "5min";
    static final String DEFAULT_ESCALATE_HIGH_AFTER = "15min";
    static final String DEFAULT_TIME_ZONE = "UTC";
    static final String DEFAULT_NIGHT = "22:00-08:00";
    static final String DEFAULT_WORKERS = "8";
    /** More parallel receivers than this is a misconfiguration, not a care team. */
    static final int MAX_WORKERS = 64;

    static final String DEFAULT_METRICS_HOST = "127.0.0.1";
    /** Next to Flink's reporters (9249-9259). */
    static final String DEFAULT_METRICS_PORT = "9260";
    /** METRICS_PORT value that serves no metrics. */
    static final String METRICS_OFF = "off";

    private static final Pattern NIGHT_RANGE = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

    /** One environment variable the notifier reads: for its documentation (docs/reference/configuration.md). */
    public record Variable(String name, String defaultValue, String meaning) {}

    /** Every variable {@link #fromEnvironment} reads, besides the Kafka security settings, in a sensible order. */
    public static final List<Variable> VARIABLES = List.of(
            new Variable(
                    WEBHOOK_URL,
                    "",
                    "Generic JSON webhook: {\"idempotency_key\", \"kind\", \"text\", \"alert\"}; a contact point"),
            new Variable(WEBHOOK_TOKEN, "", "Optional bearer token sent to the webhook"),
            new Variable(
                    SLACK_WEBHOOK_URL,
                    "",
                    "Slack incoming webhook (https only); at least one of the two contact points must be set"),
            new Variable(
                    ALLOW_PLAINTEXT, "false", "true allows plain http to another host (loopback is always allowed)"),
            new Variable(
                    SMTP_HOST,
                    "",
                    "SMTP server for customers' email contacts; unset, their rows fail with the reason to set it"),
            new Variable(
                    SMTP_TLS,
                    DEFAULT_SMTP_TLS,
                    "starttls (required STARTTLS), tls (implicit TLS) or none (only to a loopback host)"),
            new Variable(SMTP_PORT, "587 (tls: 465, none: 25)", "Its port"),
            new Variable(
                    SMTP_FROM, "", "Sender address of the e-mails, e.g. heartbeat@care.example; needed with a host"),
            new Variable(SMTP_USER, "", "Login at the SMTP server, if it wants one"),
            new Variable(SMTP_PASSWORD, "", "Its password; needed with a user"),
            new Variable(
                    DB_USER,
                    DEFAULT_DB_USER,
                    "Its own database role: its ledger; reads customer_settings and alert_actions"),
            new Variable(DB_PASSWORD, "", "Its password; empty for trust authentication"),
            new Variable(
                    JDBC_URL, JOB_JDBC_URL + ", else " + DEFAULT_JDBC_URL, "The pipeline's database, with the ledger"),
            new Variable(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS, "Kafka bootstrap servers, as for the job"),
            new Variable(ALERTS_TOPIC, DEFAULT_ALERTS_TOPIC, "The alerts topic, as for the job"),
            new Variable(GROUP_ID, DEFAULT_GROUP_ID, "Its consumer group"),
            new Variable(
                    START_FROM,
                    DEFAULT_START_FROM,
                    "Where a new consumer group starts: earliest (the topic's start) or latest (now)"),
            new Variable(RETRY_INITIAL, DEFAULT_RETRY_INITIAL, "First delay after a failed delivery; it doubles"),
            new Variable(RETRY_MAX, DEFAULT_RETRY_MAX, "Longest delay between attempts; it never gives up"),
            new Variable(
                    HTTP_TIMEOUT,
                    DEFAULT_HTTP_TIMEOUT,
                    "Timeout of one request to a contact point (SMTP: of connecting, each read and each write)"),
            new Variable(
                    ESCALATE_CRITICAL_AFTER,
                    DEFAULT_ESCALATE_CRITICAL_AFTER,
                    "An unacknowledged CRITICAL goes to the customer's next contact after this (per customer:"
                            + " escalate_critical_after_minutes)"),
            new Variable(
                    ESCALATE_HIGH_AFTER,
                    DEFAULT_ESCALATE_HIGH_AFTER,
                    "The same for a HIGH (per customer: escalate_high_after_minutes)"),
            new Variable(
                    TIME_ZONE,
                    DEFAULT_TIME_ZONE,
                    "IANA time zone of customers without a time_zone setting, for the night of WARNING notices"),
            new Variable(
                    NIGHT,
                    DEFAULT_NIGHT,
                    "WARNING notices (e.g. SIGNAL_LOST) raised in this local time range wait for its end"),
            new Variable(
                    WORKERS,
                    DEFAULT_WORKERS,
                    "Delivery workers: each destination has its own while it has due rows (1-" + MAX_WORKERS + ")"),
            new Variable(METRICS_HOST, DEFAULT_METRICS_HOST, "Address of the Prometheus endpoint /metrics"),
            new Variable(METRICS_PORT, DEFAULT_METRICS_PORT, "Its port; 0 any free port, " + METRICS_OFF + " none"));
    /** .env.example's placeholders all contain this; a copied example must never become a deployment's setting. */
    static final String EXAMPLE_MARKER = "change-me";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h)");

    public NotifierConfig {
        contactPoints = List.copyOf(contactPoints);
    }

    /** The same settings, reading the alerts from {@code topic} on {@code bootstrapServers}. */
    public NotifierConfig readingFrom(String bootstrapServers, String topic) {
        return new NotifierConfig(
                bootstrapServers,
                kafkaSecurity,
                topic,
                groupId,
                startFrom,
                jdbcUrl,
                dbUser,
                dbPassword,
                contactPoints,
                smtp,
                retryInitial,
                retryMax,
                httpTimeout,
                escalation,
                workers,
                metricsHost,
                metricsPort,
                allowPlaintext);
    }

    public static boolean anyContactPoint(Map<String, String> env) {
        return present(env.get(WEBHOOK_URL)) || present(env.get(SLACK_WEBHOOK_URL));
    }

    public static NotifierConfig fromEnvironment(Map<String, String> env, KafkaSecurity kafkaSecurity) {
        List<String> problems = new ArrayList<>();
        List<ContactPoint> contactPoints = new ArrayList<>();
        boolean allowPlaintext = Boolean.parseBoolean(env.getOrDefault(ALLOW_PLAINTEXT, "false"));
        contactPoint(env, WEBHOOK_URL, "webhook", ContactPoint.Type.WEBHOOK, allowPlaintext, problems)
                .ifPresent(contactPoints::add);
        contactPoint(env, SLACK_WEBHOOK_URL, "slack", ContactPoint.Type.SLACK, false, problems)
                .ifPresent(contactPoints::add);
        String token = env.get(WEBHOOK_TOKEN);
        if (present(token)) {
            refuseExample(WEBHOOK_TOKEN, token, problems);
            if (!present(env.get(WEBHOOK_URL))) {
                problems.add(WEBHOOK_TOKEN + " is set but " + WEBHOOK_URL + " is not: set the URL it belongs to");
            } else if (!contactPoints.isEmpty() && contactPoints.get(0).type() == ContactPoint.Type.WEBHOOK) {
                ContactPoint webhook = contactPoints.get(0);
                contactPoints.set(
                        0, new ContactPoint(webhook.name(), webhook.type(), webhook.url(), Optional.of(token)));
            }
        }
        if (contactPoints.isEmpty() && problems.isEmpty()) {
            problems.add("no contact point: set " + WEBHOOK_URL + " (a JSON webhook) or " + SLACK_WEBHOOK_URL
                    + " (a Slack incoming webhook), or both");
        }
        String dbPassword = env.getOrDefault(DB_PASSWORD, "");
        refuseExample(DB_PASSWORD, dbPassword, problems);
        String startFrom =
                env.getOrDefault(START_FROM, DEFAULT_START_FROM).trim().toLowerCase(Locale.ROOT);
        if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
            problems.add(START_FROM + " must be earliest or latest, not " + startFrom);
        }
        Duration retryInitial = duration(env, RETRY_INITIAL, DEFAULT_RETRY_INITIAL, problems);
        Duration retryMax = duration(env, RETRY_MAX, DEFAULT_RETRY_MAX, problems);
        Duration httpTimeout = duration(env, HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT, problems);
        Optional<SmtpServer> smtp = smtp(env, httpTimeout, problems);
        if (retryInitial != null && retryMax != null && retryMax.compareTo(retryInitial) < 0) {
            problems.add(
                    RETRY_MAX + " (" + retryMax + ") is shorter than " + RETRY_INITIAL + " (" + retryInitial + ")");
        }
        Duration critical = duration(env, ESCALATE_CRITICAL_AFTER, DEFAULT_ESCALATE_CRITICAL_AFTER, problems);
        Duration high = duration(env, ESCALATE_HIGH_AFTER, DEFAULT_ESCALATE_HIGH_AFTER, problems);
        QuietHours quietHours = quietHours(env, problems);
        int workers = number(env, WORKERS, DEFAULT_WORKERS, 1, MAX_WORKERS, problems);
        String metricsPortText =
                env.getOrDefault(METRICS_PORT, DEFAULT_METRICS_PORT).trim();
        int metricsPort = metricsPortText.equalsIgnoreCase(METRICS_OFF)
                ? -1
                : number(env, METRICS_PORT, DEFAULT_METRICS_PORT, 0, MAX_PORT, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new NotifierConfig(
                env.getOrDefault(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS),
                kafkaSecurity,
                env.getOrDefault(ALERTS_TOPIC, DEFAULT_ALERTS_TOPIC),
                env.getOrDefault(GROUP_ID, DEFAULT_GROUP_ID),
                startFrom,
                env.getOrDefault(JDBC_URL, env.getOrDefault(JOB_JDBC_URL, DEFAULT_JDBC_URL)),
                env.getOrDefault(DB_USER, DEFAULT_DB_USER),
                dbPassword,
                contactPoints,
                smtp,
                retryInitial,
                retryMax,
                httpTimeout,
                new Escalation(critical, high, quietHours),
                workers,
                env.getOrDefault(METRICS_HOST, DEFAULT_METRICS_HOST),
                metricsPort,
                allowPlaintext);
    }

    private static final int MAX_PORT = 65535;

    private static QuietHours quietHours(Map<String, String> env, List<String> problems) {
        String zoneId = env.getOrDefault(TIME_ZONE, DEFAULT_TIME_ZONE).trim();
        ZoneId zone = null;
        if (!ZoneId.getAvailableZoneIds().contains(zoneId)) {
            problems.add(TIME_ZONE + " must be an IANA time-zone id like Europe/Berlin or UTC, not " + zoneId);
        } else {
            zone = ZoneId.of(zoneId);
        }
        String night = env.getOrDefault(NIGHT, DEFAULT_NIGHT).trim();
        Matcher m = NIGHT_RANGE.matcher(night);
        try {
            if (m.matches() && zone != null) {
                return new QuietHours(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2)), zone);
            }
            if (!m.matches()) {
                problems.add(NIGHT + " must be a local time range like 22:00-08:00, not " + night);
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problems.add(NIGHT + " must be a local time range like 22:00-08:00 of two different times, not " + night);
        }
        return null;
    }

    private static int number(
            Map<String, String> env, String variable, String fallback, int min, int max, List<String> problems) {
        return number(variable, env.getOrDefault(variable, fallback).trim(), min, max, problems);
    }

    private static int number(String variable, String value, int min, int max, List<String> problems) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(variable + " must be a whole number from " + min + " to " + max + ", not " + value);
        return min;
    }

    private static Optional<ContactPoint> contactPoint(
            Map<String, String> env,
            String variable,
            String name,
            ContactPoint.Type type,
            boolean allowPlaintext,
            List<String> problems) {
        String value = env.get(variable);
        if (!present(value)) {
            return Optional.empty();
        }
        // The value is a secret: problems name the variable, never quote it.
        if (value.contains(EXAMPLE_MARKER)) {
            problems.add(variable + " is still the example value from .env.example: set your own URL");
            return Optional.empty();
        }
        ContactPoint contactPoint;
        try {
            contactPoint = new ContactPoint(name, type, new URI(value.trim()), Optional.empty());
        } catch (URISyntaxException | IllegalArgumentException e) {
            problems.add(variable + " is not a valid http(s) URL with a host");
            return Optional.empty();
        }
        if (type == ContactPoint.Type.SLACK && !contactPoint.url().getScheme().equalsIgnoreCase("https")) {
            problems.add(
                    variable + " must be an https URL (Slack's incoming webhooks are https://hooks.slack.com/...)");
            return Optional.empty();
        }
        if (contactPoint.plaintextOffHost() && !allowPlaintext) {
            problems.add(variable + " is plain http to another host: notifications carry health data; use https, or"
                    + " set " + ALLOW_PLAINTEXT + "=true for a receiver on a private network");
            return Optional.empty();
        }
        return Optional.of(contactPoint);
    }

    /**
     * The SMTP server, when {@link #SMTP_HOST} is set: then a sender is needed, a user needs its password, and
     * {@code none} is allowed only to this machine, like plain http. Without a host, a sender or login set is a
     * mistake; an example password is not, so that a copied .env.example starts without e-mail.
     */
    private static Optional<SmtpServer> smtp(Map<String, String> env, Duration timeout, List<String> problems) {
        String host = setting(env, SMTP_HOST, "");
        String from = setting(env, SMTP_FROM, "");
        String user = setting(env, SMTP_USER, "");
        // The password is a secret: problems name the variable, never quote it; never trimmed either.
        String password = env.getOrDefault(SMTP_PASSWORD, "");
        String tlsText = setting(env, SMTP_TLS, DEFAULT_SMTP_TLS).toLowerCase(Locale.ROOT);
        SmtpServer.Tls tls = null;
        for (SmtpServer.Tls candidate : SmtpServer.Tls.values()) {
            if (candidate.setting().equals(tlsText)) {
                tls = candidate;
            }
        }
        if (tls == null) {
            problems.add(SMTP_TLS + " must be starttls, tls or none, not " + tlsText);
        }
        String portFallback = Integer.toString((tls == null ? SmtpServer.Tls.STARTTLS : tls).defaultPort());
        int port = number(SMTP_PORT, setting(env, SMTP_PORT, portFallback), 1, MAX_PORT, problems);
        if (host.isEmpty()) {
            for (String variable : List.of(SMTP_FROM, SMTP_USER)) {
                if (present(env.get(variable))) {
                    problems.add(variable + " is set but " + SMTP_HOST + " is not: set the SMTP server it belongs to");
                }
            }
            if (present(password) && !password.startsWith(EXAMPLE_MARKER)) {
                problems.add(SMTP_PASSWORD + " is set but " + SMTP_HOST + " is not: set the SMTP server it belongs to");
            }
            return Optional.empty();
        }
        int before = problems.size();
        if (host.contains(EXAMPLE_MARKER)) {
            problems.add(SMTP_HOST + " is still the example value from .env.example: set your SMTP server");
        } else if (!host.matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]|::1")) {
            problems.add(SMTP_HOST + " must be a host name or address, not a URL: e.g. smtp.example.org");
        }
        InternetAddress sender = null;
        if (from.isEmpty()) {
            problems.add(SMTP_FROM + " is not set: e-mail needs a sender address, e.g. heartbeat@care.example");
        } else {
            try {
                sender = new InternetAddress(from, true);
                sender.validate();
            } catch (AddressException e) {
                problems.add(SMTP_FROM + " is not an e-mail address like heartbeat@care.example or"
                        + " \"Heartbeat Monitor <heartbeat@care.example>\", not " + from);
            }
        }
        if (!user.isEmpty() && password.isEmpty()) {
            problems.add(SMTP_USER + " is set but " + SMTP_PASSWORD + " is not: set the login's password");
        } else if (user.isEmpty() && !password.isEmpty()) {
            problems.add(SMTP_PASSWORD + " is set but " + SMTP_USER + " is not: set the login it belongs to");
        }
        refuseExample(SMTP_PASSWORD, password, problems);
        if (tls == SmtpServer.Tls.NONE && !ContactPoint.loopback(host)) {
            problems.add(SMTP_TLS + "=none is plain SMTP to another host: notifications carry health data; set "
                    + SMTP_TLS + "=starttls (port 587) or tls (port 465), or relay through an SMTP server on this"
                    + " machine (" + SMTP_HOST + "=localhost)");
        }
        if (problems.size() > before || tls == null || timeout == null) {
            return Optional.empty();
        }
        return Optional.of(new SmtpServer(
                host,
                port,
                tls,
                sender,
                user.isEmpty() ? Optional.empty() : Optional.of(user),
                password.isEmpty() ? Optional.empty() : Optional.of(password),
                timeout));
    }

    /** The variable's value, trimmed; {@code fallback} when it is unset or blank (compose passes unset as ""). */
    private static String setting(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        return present(value) ? value.trim() : fallback;
    }

    private static void refuseExample(String variable, String value, List<String> problems) {
        if (value != null && value.startsWith(EXAMPLE_MARKER)) {
            problems.add(variable + " is still the example value from .env.example: set a secret of your own"
                    + " (e.g. openssl rand -base64 24)");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 5min}, {@code 1h}: the forms the job's durations take. */
    static Duration duration(Map<String, String> env, String variable, String fallback, List<String> problems) {
        String value = env.getOrDefault(variable, fallback).trim();
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problems.add(variable + " must be a positive duration like 500ms, 10s, 5min or 1h, not " + value);
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "NotifierConfig[" + bootstrapServers + " " + topic + " as " + groupId + " (" + kafkaSecurity.describe()
                + "), " + jdbcUrl + " as " + dbUser + ", contact points " + contactPoints + ", e-mail "
                + smtp.map(SmtpServer::toString).orElse("off") + "]";
    }
}
