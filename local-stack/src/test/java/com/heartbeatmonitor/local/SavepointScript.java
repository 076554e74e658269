package com.heartbeatmonitor.local;

import java.util.List;

/**
 * A scripted upgrade: one patient whose TACHYCARDIA episode is OPEN when the job is stopped with a savepoint at
 * second {@link #savepointAt()} and closes after it, calm customers beside, all under the job flags of
 * {@link #jobFlags()}. FaultToleranceIT runs one through a live upgrade; SavepointFixture keeps the savepoint of each
 * for SavepointCompatibilityIT.
 */
interface SavepointScript {

    /** Every customer id of the script begins with this. */
    String prefix();

    /** The patient whose episode spans the savepoint. */
    default String patient() {
        return prefix() + "-patient";
    }

    /** The detection flags the job runs with. */
    String[] jobFlags();

    /** The messages of seconds before this one are sent before the savepoint. */
    int savepointAt();

    /** The script's last second, exclusive. */
    int end();

    /** The messages of seconds {@code from} (inclusive) to {@code to} (exclusive), in the order to send. */
    List<RawProducer.Addressed> seconds(int from, int to);
}
