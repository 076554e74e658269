package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The short soak, in the test command: {@link Soak} (what {@code ./run-soak.sh} runs for hours) for 5 minutes at 200
 * events/s (episodes every 10 min per customer, the clinical rules, so alerts are raised and notified) with one
 * fault of each JVM kind (a TaskManager, the JobManager, both killed with SIGKILL) and PostgreSQL
 * stopped for 30 s, in that order, about 70 s apart. Everything is the soak's own: a standalone cluster with two
 * TaskManagers, a broker, PostgreSQL under target/soak (never the tests' server), the notifier in its own JVM and an
 * HTTP receiver. It must end with every acknowledged message exactly once, the alerts table equal to the topic, every
 * notifiable revision delivered exactly once, and each fault recovered from. Log and summary: target/soak/.
 */
class SoakIT {

    private static final Duration LONGEST = Duration.ofMinutes(11);

    @Test
    void oneFaultOfEachJvmKindAndADatabaseStopLoseNothingAndDoubleNothing() throws Exception {
        Path dataDir = Path.of("target", "soak");
        Instant start = Instant.now();
        int exit = new CommandLine(new Soak())
                .execute(
                        "--duration",
                        "5m",
                        "--fault-every",
                        "70s",
                        "--faults",
                        "task-manager-kill,job-manager-kill,cluster-kill,database-stop",
                        "--in-order",
                        "--database-stop-min",
                        "30s",
                        "--database-stop-max",
                        "30s",
                        "--rate",
                        "200",
                        // Episodes often enough, and bedside rules, so 5 minutes have alerts to notify.
                        "--anomaly-interval",
                        "10m",
                        "--detection-profile",
                        "CLINICAL",
                        "--check-every",
                        "2m",
                        "--recovery-timeout",
                        "3m",
                        "--seed",
                        "24",
                        "--data-dir",
                        dataDir.toString(),
                        "--postgres-port",
                        String.valueOf(FreePorts.any()));
        Duration took = Duration.between(start, Instant.now());
        String summary = Files.readString(dataDir.resolve("summary.md"));
        System.out.printf("short soak: exit %d after %s%n%s", exit, SoakReport.human(took), summary);

        assertThat(exit)
                .as("the soak's verdict; its log: %s%n%s", dataDir.resolve("soak.log"), summary)
                .isZero();
        assertThat(summary)
                .contains("| task-manager-kill x1 | recovered in")
                .contains("| job-manager-kill x1 | recovered in")
                .contains("| cluster-kill x1 | recovered in")
                .contains("| database-stop x1 | recovered in")
                .contains("| Lost | 0 |")
                .contains("| Doubled | 0 |")
                .contains("| Notifications exactly once | yes");
        assertThat(summary)
                .as("alerts were raised and notified, so the notification check had something to check")
                .doesNotContain("(0 notifiable");
        assertThat(took).as("the short soak's wall time").isLessThan(LONGEST);
    }
}
