package com.heartbeatmonitor.notifier;

/**
 * One transport to one recipient that {@link Routes} has already checked: an HTTPS POST to a webhook or Slack
 * ({@link HttpDelivery}), or an e-mail over SMTP ({@link SmtpDelivery}). The {@link Deliverer} only asks it to
 * deliver and records the {@link Outcome}, so that no transport needs a branch of its own there: a refusal, a
 * receiver that is down and a timeout are all a failed attempt, retried by the ledger alike.
 */
public interface Channel {

    /**
     * Delivered, or why not. The detail goes into the ledger and the log, so it never contains what is secret or
     * personal: a URL, a token, a password, an e-mail address. Contact points are named as the ledger names them
     * ("webhook", "contact-3:email").
     */
    record Outcome(boolean delivered, String detail) {}

    /**
     * Delivers one notification, blocking for at most the configured timeouts; every failure is an {@link Outcome},
     * never an exception, so that a receiver cannot make an alert disappear.
     */
    Outcome deliver(Notification notification) throws InterruptedException;
}
