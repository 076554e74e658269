package com.heartbeatmonitor.notifier;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers pending ledger rows, oldest first, one transaction each: claim the row (locked), POST it, mark it
 * delivered or failed with its next attempt time, commit. Runs on its own thread, so a slow or unreachable contact
 * point never holds up reading the topic into the ledger.
 *
 * <p>The one window: the contact point accepted the POST, and the notifier died (or lost the database) before the
 * commit. The row is still pending and is sent again with the same Idempotency-Key; a receiver that keeps the keys
 * it saw drops it, one that does not (Slack) shows it twice.
 */
final class Deliverer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    /** Longest idle wait for a signal before looking for due retries again. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final Map<String, ContactPoint> contactPoints;
    private final HttpDelivery http;
    private final RetryPolicy retry;
    private final Semaphore work = new Semaphore(0);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean running = true;
    private Connection connection;

    Deliverer(Ledger ledger, List<ContactPoint> contactPoints, HttpDelivery http, RetryPolicy retry) {
        this.ledger = ledger;
        this.contactPoints = contactPoints.stream().collect(Collectors.toMap(ContactPoint::name, Function.identity()));
        this.http = http;
        this.retry = retry;
    }

    /** New rows are in the ledger: look now rather than at the next idle tick. */
    void wake() {
        work.release();
    }

    void stop() {
        running = false;
        work.release();
    }

    long delivered() {
        return delivered.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    @Override
    public void run() {
        long idleMillis = Math.min(IDLE_WAIT.toMillis(), retry.initial().toMillis());
        try {
            while (running) {
                boolean didSomething;
                try {
                    didSomething = deliverOne();
                } catch (SQLException e) {
                    LOG.warn("ledger unavailable, trying again in a moment: {}", e.getMessage());
                    closeConnection();
                    didSomething = false;
                }
                if (!didSomething) {
                    work.tryAcquire(idleMillis, TimeUnit.MILLISECONDS);
                    work.drainPermits();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    /** Delivers the oldest due row, if any; true when there was one. */
    private boolean deliverOne() throws SQLException, InterruptedException {
        Connection c = connection();
        c.setAutoCommit(false);
        try {
            Optional<Ledger.Pending> claimed = ledger.claimNext(c, contactPoints.keySet());
            if (claimed.isEmpty()) {
                c.commit();
                return false;
            }
            Ledger.Pending p = claimed.get();
            ContactPoint to = contactPoints.get(p.contactPoint());
            HttpDelivery.Outcome outcome = http.post(to, p.notification());
            String key = p.notification().idempotencyKey();
            if (outcome.delivered()) {
                ledger.markDelivered(c, p);
                c.commit();
                delivered.incrementAndGet();
                LOG.info(
                        "delivered {} {} to {} ({}, attempt {})",
                        p.notification().kind(),
                        key,
                        to,
                        outcome.detail(),
                        p.attempts() + 1);
            } else {
                Duration wait = retry.delayAfter(p.attempts() + 1);
                ledger.markFailed(c, p, outcome.detail(), wait);
                c.commit();
                failedAttempts.incrementAndGet();
                LOG.warn(
                        "could not deliver {} to {} (attempt {}): {}; next attempt in {}",
                        key,
                        to,
                        p.attempts() + 1,
                        outcome.detail(),
                        wait);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            safeRollback(c);
            throw e;
        }
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
