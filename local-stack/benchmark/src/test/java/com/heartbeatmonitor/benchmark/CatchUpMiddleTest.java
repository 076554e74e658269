package com.heartbeatmonitor.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.local.Postgres;
import com.heartbeatmonitor.migrate.Roles;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The progress count of a catch-up's middle, on the real schema of a database of its own on the machine's server. */
class CatchUpMiddleTest {

    private static final String SERVER =
            System.getenv().getOrDefault("HEARTBEAT_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432");
    private static final Duration STATS_FLUSH = Duration.ofSeconds(15);

    /**
     * A reading in today's partition and one in the default partition, two rejections: four rows of the catch-up;
     * a minute rollup is no message of its own and does not count.
     */
    @Test
    void countsTheRowsOfReadingsAndRejectionsInEveryPartition() throws Exception {
        String url = SERVER + "/heartbeat_test_" + UUID.randomUUID().toString().substring(0, 8);
        Postgres.Admin admin = Postgres.Admin.fromEnvironment();
        JdbcSettings writer = JobOptions.parse("--jdbc-url", url).orElseThrow().jdbc();
        Postgres.prepare(url, admin, Roles.withDefaultReader(writer.user(), writer.password()));
        try (Connection db = Postgres.connect(url, admin);
                Statement s = db.createStatement()) {
            long before = CatchUpMiddle.rowsInserted(db);

            s.execute("INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate, risk_level,"
                    + " kafka_partition, kafka_offset) VALUES"
                    + " (gen_random_uuid(), 'c-1', now(), 70, 'NORMAL', 0, 1),"
                    + " (gen_random_uuid(), 'c-1', now() + interval '10 years', 71, 'NORMAL', 0, 2)");
            s.execute("INSERT INTO rejected_heartbeats (kafka_topic, kafka_partition, kafka_offset, reason, detail,"
                    + " raw_payload, payload_bytes, received_at, message_time) VALUES"
                    + " ('t', 0, 3, 'INVALID_JSON', 'd', '{', 1, now(), now()),"
                    + " ('t', 0, 4, 'INVALID_JSON', 'd', '{', 1, now(), now())");
            s.execute("INSERT INTO heartbeat_minutes (customer_id, minute, readings, min_bpm, max_bpm, avg_bpm)"
                    + " VALUES ('c-1', date_trunc('minute', now()), 2, 70, 71, 70.5)");
            s.execute("SELECT pg_stat_force_next_flush()");

            assertThat(rowsOnceFlushed(db, before, 4)).isEqualTo(4);
        } finally {
            Postgres.dropDatabase(url, admin);
        }
    }

    /** The rows since {@code before} once the server's statistics show {@code expected}, or what they show then. */
    private static long rowsOnceFlushed(Connection db, long before, long expected)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + STATS_FLUSH.toNanos();
        long rows = CatchUpMiddle.rowsInserted(db) - before;
        while (rows < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = CatchUpMiddle.rowsInserted(db) - before;
        }
        return rows;
    }
}
