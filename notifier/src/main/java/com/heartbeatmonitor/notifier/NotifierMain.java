package com.heartbeatmonitor.notifier;

import com.heartbeatmonitor.security.KafkaSecurity;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar heartbeat-notifier.jar}: every setting from the environment (docs/operations/notifications.md);
 * the Kafka security flags are accepted too, as for the job. Exit 2 with a message on a wrong setting; runs until
 * stopped.
 */
@Command(
        name = "heartbeat-notifier",
        mixinStandardHelpOptions = true,
        description = {
            "Notifies new and escalated HIGH/CRITICAL alerts from the alerts topic: to each customer's contacts (their",
            "settings), escalating along them while nobody acknowledges, else to the contact points set in the",
            "environment: HEARTBEAT_NOTIFY_WEBHOOK_URL (JSON webhook, optional HEARTBEAT_NOTIFY_WEBHOOK_TOKEN) and/or",
            "HEARTBEAT_NOTIFY_SLACK_WEBHOOK_URL; an all clear when an alert ends; WARNING notices in the daytime.",
            "Customers' email contacts go through the SMTP server HEARTBEAT_NOTIFY_SMTP_HOST (STARTTLS required).",
            "Exactly one delivery per alert revision, contact and step, recorded in table alert_notifications.",
            "Prometheus metrics on 127.0.0.1:9260/metrics. More variables: docs/operations/notifications.md."
        })
public final class NotifierMain implements java.util.concurrent.Callable<Integer> {

    /** Usage or configuration error, as the job and the generator use it. */
    private static final int EXIT_CONFIG = 2;

    @Mixin
    KafkaSecurityOptions kafkaSecurity;

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-notifier.xml");
        }
        int exit = new CommandLine(new NotifierMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        NotifierConfig config;
        try {
            KafkaSecurity security = kafkaSecurity.resolve();
            config = NotifierConfig.fromEnvironment(System.getenv(), security);
        } catch (IllegalArgumentException e) {
            System.err.println("heartbeat-notifier: " + e.getMessage().replace("\n", "\nheartbeat-notifier: "));
            return EXIT_CONFIG;
        }
        Notifier notifier;
        try {
            notifier = Notifier.start(config);
        } catch (IllegalStateException e) {
            System.err.println("heartbeat-notifier: " + e.getMessage());
            return EXIT_CONFIG;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                notifier.close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            stopped.countDown();
                        },
                        "notifier-shutdown"));
        // A dead thread (e.g. Kafka refused the consumer for good) ends the process, so compose restarts it.
        while (notifier.isRunning()) {
            if (stopped.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                return 0;
            }
        }
        System.err.println("heartbeat-notifier: a worker thread ended unexpectedly; see the log above");
        return 1;
    }
}
