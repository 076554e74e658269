package com.heartbeatmonitor.benchmark;

import java.util.List;

/**
 * One scenario of the benchmark. A new scenario is one class implementing this, with its own
 * {@code @Option}s (they join the command's), added to {@link Benchmark#SCENARIOS}; its figures are a
 * {@link Section} of the report.
 */
interface Scenario {

    /** Where a scenario runs, which decides when. */
    enum Placement {
        /** Needs only the database: runs first, before the broker and the cluster start. */
        DATABASE,
        /** Runs jobs on the cluster the scenarios share, one scenario after the other. */
        SHARED_CLUSTER,
        /** Starts clusters of its own, after the shared one is gone. */
        OWN_CLUSTERS
    }

    /** The name {@code --scenarios} takes. */
    String name();

    Placement placement();

    /** Fails with what to fix before anything starts, e.g. a size the job would reject. */
    default void validate(Benchmark common) {}

    /** The topics and consumer groups it needs; each lane also gets a database of its name. */
    default List<Lane> lanes() {
        return List.of();
    }

    /** The databases to drop and prepare (with the schema and roles) before it runs. */
    default List<String> databases() {
        return lanes().stream().map(Lane::name).toList();
    }

    /**
     * Work before the shared cluster starts, e.g. a pre-load into Kafka that the scenario times; a scenario on
     * clusters of its own prepares then too, so what fails there fails early.
     */
    default void prepare(Stage stage) throws Exception {}

    /** Runs the scenario; its figures for the report, or null when it reports on its own. */
    Section run(Stage stage) throws Exception;

    /** A scenario's figures in the report: serialized to results.json as they are, and its rows of the table. */
    interface Section {

        /** The scenario's key in results.json. */
        String key();

        /** Its rows of the table; {@code report} has the other scenarios' sections, for ratios to them. */
        List<BenchmarkReport.Row> rows(BenchmarkReport report);

        /** Paragraphs under the table (CPU seconds, profiles, caveats); {@code machine} describes the run's. */
        default void notes(StringBuilder markdown, String machine) {}
    }
}
