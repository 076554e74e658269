package com.heartbeatmonitor.notifier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the notifier exports for Prometheus (monitoring/prometheus/rules.yml alerts on it): rows pending and due,
 * how long the oldest due row has waited, deliveries by kind, failed attempts and undeliverable rows by contact
 * point (its ledger name, never its URL, which is a secret), and escalations held by an action. A registry of its
 * own, served on {@code /metrics} when a port is configured.
 */
public final class NotifierMetrics implements AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge pending = Gauge.builder()
            .name("heartbeat_notifier_pending")
            .help("Ledger rows not delivered yet, due or not (escalations and morning notices wait their time)")
            .register(registry);
    private final Gauge due = Gauge.builder()
            .name("heartbeat_notifier_due")
            .help("Pending ledger rows whose time has come: being delivered or retried")
            .register(registry);
    private final Gauge oldestDue = Gauge.builder()
            .name("heartbeat_notifier_oldest_due_age_seconds")
            .help("How long the oldest undelivered row has waited since it fell due; grows while deliveries stall")
            .register(registry);
    private final Counter deliveries = Counter.builder()
            .name("heartbeat_notifier_deliveries")
            .help("Notifications accepted by a contact point, by kind (NEW, ESCALATED, ALL_CLEAR, NOTICE)")
            .labelNames("kind")
            .register(registry);
    private final Counter escalations = Counter.builder()
            .name("heartbeat_notifier_escalations")
            .help("Escalation steps (step 1 and later) accepted by a contact point")
            .register(registry);
    private final Counter failures = Counter.builder()
            .name("heartbeat_notifier_failures")
            .help("Failed delivery attempts (retried) and undeliverable rows (kept as failed), by contact point")
            .labelNames("contact_point", "final")
            .register(registry);
    private final Counter settled = Counter.builder()
            .name("heartbeat_notifier_settled")
            .help("Escalations not sent, by state: held (acknowledged or resolved), cancelled (superseded, ended)")
            .labelNames("state")
            .register(registry);
    private HTTPServer server;

    /** Serves {@code /metrics} on {@code host}:{@code port} (0: any free port); returns the port. */
    public int serve(String host, int port) {
        try {
            server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry)
                    .buildAndStart();
            return server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
        }
    }

    void ledger(Ledger.Stats stats) {
        pending.set(stats.pending());
        due.set(stats.due());
        oldestDue.set(stats.oldestDueSeconds());
    }

    void delivered(Notification n) {
        deliveries.labelValues(n.kind().name()).inc();
        if (n.step() > 0 && n.kind().page()) {
            escalations.inc();
        }
    }

    void failed(String contactPoint, boolean finalFailure) {
        failures.labelValues(contactPoint, Boolean.toString(finalFailure)).inc();
    }

    void settled(String state) {
        settled.labelValues(state).inc();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
