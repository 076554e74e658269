package com.heartbeatmonitor.local;

import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line as the local stack, the benchmark and the tests pass it: one place that knows the flag names.
 * Flags come out in the order they were added; the job lets a later flag win, so {@link #then} adds the caller's
 * own flags last.
 */
public final class JobArgs {

    private final List<String> args = new ArrayList<>();

    private JobArgs() {}

    /** No flags yet. */
    public static JobArgs empty() {
        return new JobArgs();
    }

    /** The broker only, e.g. for a pipeline whose user names the rest. */
    public static JobArgs kafka(String bootstrapServers) {
        return empty().flag("--kafka-bootstrap-servers", bootstrapServers);
    }

    /** Where a job reads, which consumer group it is, where its alerts and rows go. */
    public static JobArgs lane(
            String bootstrapServers, String topic, String groupId, String alertsTopic, String jdbcUrl) {
        return kafka(bootstrapServers)
                .flag("--kafka-topic", topic)
                .flag("--kafka-group-id", groupId)
                .flag("--alerts-topic", alertsTopic)
                .jdbcUrl(jdbcUrl);
    }

    public JobArgs jdbcUrl(String url) {
        return flag("--jdbc-url", url);
    }

    public JobArgs parallelism(int parallelism) {
        return flag("--parallelism", String.valueOf(parallelism));
    }

    /** In Flink's duration form, e.g. {@code 1s}. */
    public JobArgs checkpointInterval(String interval) {
        return flag("--checkpoint-interval", interval);
    }

    public JobArgs jdbcBatchSize(int rows) {
        return flag("--jdbc-batch-size", String.valueOf(rows));
    }

    /** Further flags, as given; after the ones above, so they win. */
    public JobArgs then(List<String> flags) {
        args.addAll(flags);
        return this;
    }

    public JobArgs then(String... flags) {
        return then(List.of(flags));
    }

    public List<String> list() {
        return List.copyOf(args);
    }

    public String[] array() {
        return args.toArray(String[]::new);
    }

    private JobArgs flag(String name, String value) {
        args.add(name);
        args.add(value);
        return this;
    }
}
