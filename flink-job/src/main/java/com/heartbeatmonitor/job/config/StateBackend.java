package com.heartbeatmonitor.job.config;

/**
 * The keyed state backends the job can be told to use, by their Flink names ({@code state.backend.type}).
 * Both ship with every Flink distribution, so the job jar bundles neither; a savepoint in the canonical
 * format moves state from one to the other.
 */
public enum StateBackend {
    /** Objects on the JVM heap: the fastest; every customer's state must fit into the TaskManagers' heaps. */
    HASHMAP("hashmap", false),
    /** Serialized in RocksDB on local disk, managed memory as its cache; checkpoints upload only new files. */
    ROCKSDB("rocksdb", true);

    private final String flinkName;
    private final boolean incrementalCheckpoints;

    StateBackend(String flinkName, boolean incrementalCheckpoints) {
        this.flinkName = flinkName;
        this.incrementalCheckpoints = incrementalCheckpoints;
    }

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
        return flinkName;
    }

    /**
     * RocksDB's checkpoints upload only the files written since the last one; the heap backend has no
     * incremental mode and writes every customer every time.
     */
    public boolean incrementalCheckpoints() {
        return incrementalCheckpoints;
    }

    @Override
    public String toString() {
        return flinkName;
    }
}
