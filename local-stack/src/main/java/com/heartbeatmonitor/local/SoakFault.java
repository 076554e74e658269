package com.heartbeatmonitor.local;

import java.util.Arrays;
import java.util.Locale;

/** The faults {@link Soak} injects, one at a time, by the names {@code --faults} takes. */
enum SoakFault {
    TASK_MANAGER_KILL("kill -9 of a TaskManager (a new one started at once, as a supervisor would)"),
    JOB_MANAGER_KILL("kill -9 of the JobManager (started again; the watching submitter resubmits)"),
    CLUSTER_KILL("kill -9 of the JobManager and every TaskManager at once"),
    BROKER_RESTART("the Kafka broker shut down and started again"),
    DATABASE_STOP("PostgreSQL stopped for 30-120 s"),
    DATABASE_FREEZE("PostgreSQL frozen with SIGSTOP"),
    NOTIFIER_KILL("kill -9 of the notifier while deliveries are pending"),
    SAVEPOINT_RESUME("stop with a savepoint, then resume from it"),
    CHECKPOINTS_READ_ONLY("the checkpoint directory made read-only for a while");

    private final String description;

    SoakFault(String description) {
        this.description = description;
    }

    /** The name on the command line and in the log, e.g. {@code task-manager-kill}. */
    String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String description() {
        return description;
    }

    /** The kind named {@code flag}; fails naming the known ones. */
    static SoakFault parse(String flag) {
        return Arrays.stream(values())
                .filter(kind -> kind.flag().equals(flag.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + flag + "'; known: "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(SoakFault::flag).toList())));
    }
}
