package com.heartbeatmonitor.local;

/** The job as the run command started it: in this JVM, or on a standalone cluster. */
interface RunningJob extends AutoCloseable {

    String webUi();

    /** RUNNING, FAILED, ... as the web UI shows it. */
    String state();

    /** Cancels the job and releases what was started for it. */
    @Override
    void close() throws Exception;
}
