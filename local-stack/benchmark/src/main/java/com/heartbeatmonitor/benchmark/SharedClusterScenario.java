package com.heartbeatmonitor.benchmark;

import java.util.List;

/** A scenario that runs its jobs on the cluster the scenarios share, in a lane of its own. */
abstract class SharedClusterScenario implements Scenario {

    private final String name;
    /** Its topics, consumer group and database. */
    final Lane lane;

    SharedClusterScenario(String name, Lane lane) {
        this.name = name;
        this.lane = lane;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Placement placement() {
        return Placement.SHARED_CLUSTER;
    }

    @Override
    public List<Lane> lanes() {
        return List.of(lane);
    }
}
