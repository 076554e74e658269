package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.local.FlinkCluster;
import com.heartbeatmonitor.local.Postgres;
import com.heartbeatmonitor.migrate.Roles;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * What a scenario runs on: the run's common settings, the database's administrator and roles, and, unless it
 * runs on the database only, the broker; on the shared cluster also its {@link ClusterJobs}.
 *
 * @param writer the job's options with their defaults: its database role, for clusters and roles
 * @param bootstrap the broker's bootstrap servers; null for a scenario on the database only
 * @param kafka the broker's admin client; null likewise
 * @param jobs the shared cluster's jobs; null unless the scenario runs on the shared cluster
 */
record Stage(
        Benchmark common,
        Postgres.Admin admin,
        Roles roles,
        JobOptions writer,
        String bootstrap,
        Admin kafka,
        ClusterJobs jobs) {

    /** The same stage with the shared cluster's jobs. */
    Stage on(FlinkCluster cluster) {
        return new Stage(common, admin, roles, writer, bootstrap, kafka, jobsOn(cluster));
    }

    /** Jobs on a cluster of the scenario's own. */
    ClusterJobs jobsOn(FlinkCluster cluster) {
        return new ClusterJobs(cluster, kafka, bootstrap, common, admin);
    }

    /** A connection, as the administrator, to one of the run's databases. */
    Connection connect(String database) throws SQLException {
        return Postgres.connect(common.url(database), admin);
    }

    /** {@code count} generated messages into the lane's topic, as fast as Kafka takes them. */
    GeneratorLoad.Result preload(Lane lane, GeneratorSettings settings, long count) {
        return GeneratorLoad.send(
                bootstrap,
                lane.topic(),
                settings,
                new GeneratorRun.Limits(count, Duration.ZERO, false),
                (message, at) -> {});
    }
}
