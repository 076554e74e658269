package com.heartbeatmonitor.notifier;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the ledger's due rows, each destination (a deployment contact point, or a customer's target) on its own
 * worker, so that a receiver that hangs holds up only its own rows. A dispatcher looks every second (or when woken)
 * for destinations with due rows and starts a worker for each that has none running; the workers come from a
 * bounded pool ({@link NotifierConfig#workers()}), so when more receivers than that hang at once, the rest wait.
 *
 * <p>A worker delivers its destination's due rows, oldest first, one transaction each: claim the row (locked) with
 * the alert's newest revision and newest action, let the {@link EscalationPolicy} judge it, then deliver it through
 * its destination's {@link Channel} (a POST or an e-mail; {@link Routes} picks it) and mark it delivered or failed
 * with its next attempt time, or mark it held, cancelled or postponed; commit. An escalation is judged in the
 * transaction that sends it, so an acknowledgement committed before the claim always stops it.
 *
 * <p>The one window: the contact point accepted the POST (or the SMTP server the e-mail), and the notifier died (or
 * lost the database) before the commit. The row is still pending and is sent again with the same Idempotency-Key
 * (an e-mail with the same Message-ID too); a receiver that keeps the keys it saw drops it, one that does not
 * (Slack, most mailboxes) shows it twice.
 */
final class Deliverer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    /** Longest idle wait for a signal before looking for due rows again: an escalation falls due on its own. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final Routes routes;
    private final RetryPolicy retry;
    private final EscalationPolicy policy;
    private final NotifierMetrics metrics;
    private final ThreadPoolExecutor workers;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> unconfigured = ConcurrentHashMap.newKeySet();
    private final Semaphore work = new Semaphore(0);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private volatile boolean running = true;
    private Connection connection;

    Deliverer(
            Ledger ledger,
            Routes routes,
            RetryPolicy retry,
            EscalationPolicy policy,
            NotifierMetrics metrics,
            int maxWorkers) {
        this.ledger = ledger;
        this.routes = routes;
        this.retry = retry;
        this.policy = policy;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.workers =
                new ThreadPoolExecutor(maxWorkers, maxWorkers, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "notifier-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    /** New rows are in the ledger: look now rather than at the next idle tick. */
    void wake() {
        work.release();
    }

    void stop() {
        running = false;
        work.release();
    }

    /** Waits for the workers to finish the row each is on. */
    void awaitWorkers(Duration timeout) throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
        }
    }

    long delivered() {
        return delivered.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    long settled() {
        return settled.get();
    }

    @Override
    public void run() {
        long idleMillis = Math.min(IDLE_WAIT.toMillis(), retry.initial().toMillis());
        try {
            while (running) {
                try {
                    dispatch();
                } catch (SQLException e) {
                    LOG.warn("ledger unavailable, trying again in a moment: {}", e.getMessage());
                    closeConnection();
                }
                work.tryAcquire(idleMillis, TimeUnit.MILLISECONDS);
                work.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    /** Starts a worker for each destination with due rows and none running; updates the ledger's gauges. */
    private void dispatch() throws SQLException {
        Connection c = connection();
        metrics.ledger(ledger.stats(c));
        for (Ledger.Destination d : ledger.dueDestinations(c)) {
            if (d.deployment() && !routes.configured(d.key())) {
                if (unconfigured.add(d.key())) {
                    LOG.warn("rows for contact point {} wait: it is not configured in this notifier", d.key());
                }
                continue;
            }
            if (busy.add(d.key())) {
                workers.execute(() -> drain(d.key()));
            }
        }
    }

    /** One worker: the destination's due rows until none is left. */
    private void drain(String destination) {
        try (Connection c = ledger.connect()) {
            c.setAutoCommit(false);
            while (running && deliverOne(c, destination)) {
                // next row of this destination
            }
        } catch (SQLException e) {
            LOG.warn("ledger unavailable for a worker, trying again in a moment: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("worker failed; its rows stay pending", e);
        } finally {
            busy.remove(destination);
        }
    }

    /** Judges and maybe delivers the destination's oldest due row, if any; true when there was one. */
    private boolean deliverOne(Connection c, String destination) throws SQLException, InterruptedException {
        try {
            Optional<Ledger.Pending> claimed = ledger.claimNext(c, destination);
            if (claimed.isEmpty()) {
                c.commit();
                return false;
            }
            Ledger.Pending p = claimed.get();
            EscalationPolicy.Decision decision = policy.decide(p.row(), p.latest(), p.newestAction(), p.now());
            switch (decision.verdict()) {
                case CANCEL -> settle(c, p, Ledger.CANCELLED, decision);
                case HOLD -> settle(c, p, Ledger.HELD, decision);
                case POSTPONE -> {
                    ledger.postpone(c, p, decision.until(), decision.reason());
                    c.commit();
                    LOG.info(
                            "{} to {}: postponed to {}, {}",
                            key(p),
                            p.contactPoint(),
                            decision.until(),
                            decision.reason());
                }
                case DELIVER -> deliver(c, p);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            safeRollback(c);
            throw e;
        }
    }

    private void settle(Connection c, Ledger.Pending p, String state, EscalationPolicy.Decision decision)
            throws SQLException {
        ledger.settle(c, p, state, decision.reason(), decision.actionId());
        c.commit();
        settled.incrementAndGet();
        metrics.settled(state);
        LOG.info("{} to {}: {}, {}", key(p), p.contactPoint(), state, decision.reason());
    }

    private void deliver(Connection c, Ledger.Pending p) throws SQLException, InterruptedException {
        Routes.Route route = routes.route(p.contactPoint(), p.target());
        if (route.destination().isEmpty()) {
            ledger.settle(c, p, Ledger.FAILED, route.unreachable(), 0);
            c.commit();
            metrics.failed(p.contactPoint(), true);
            LOG.error("cannot deliver {} to {}: {}", key(p), p.contactPoint(), route.unreachable());
            return;
        }
        Routes.Destination to = route.destination().get();
        Channel.Outcome outcome = to.deliver(p.notification());
        if (outcome.delivered()) {
            ledger.markDelivered(c, p);
            boolean allClear = p.notification().kind().page() && ledger.allClearIfEnded(c, p);
            c.commit();
            delivered.incrementAndGet();
            metrics.delivered(p.notification());
            LOG.info(
                    "delivered {} {} to {} ({}, attempt {}){}",
                    p.notification().kind(),
                    key(p),
                    to,
                    outcome.detail(),
                    p.attempts() + 1,
                    allClear ? "; the alert has ended, its all clear follows" : "");
            if (allClear) {
                wake();
            }
        } else {
            Duration wait = retry.delayAfter(p.attempts() + 1);
            ledger.markFailed(c, p, outcome.detail(), wait);
            c.commit();
            failedAttempts.incrementAndGet();
            metrics.failed(p.contactPoint(), false);
            LOG.warn(
                    "could not deliver {} to {} (attempt {}): {}; next attempt in {}",
                    key(p),
                    to,
                    p.attempts() + 1,
                    outcome.detail(),
                    wait);
        }
    }

    private static String key(Ledger.Pending p) {
        return p.notification().idempotencyKey();
    }

    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(2)) {
            closeConnection();
            connection = ledger.connect();
        }
        return connection;
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; it is replaced on the next round.
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection; nothing left to release.
            }
            connection = null;
        }
    }
}
