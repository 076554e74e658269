package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import com.heartbeatmonitor.job.sinks.ReadingBatchStatement;
import com.heartbeatmonitor.job.sinks.RejectionStatement;
import com.heartbeatmonitor.migrate.Roles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Time partitions and retention (sql/V4__partitions.sql) on the real PostgreSQL, each test in a database of
 * its own: partitions created ahead, expired ones dropped per the retention setting with a fake "now",
 * idempotency and the duplicate check (sql/V11) across a day boundary, late and far-future readings, the roles.
 */
class PartitionsIT {

    private static final String TOPIC = "heartbeats";
    /** Fake "now" of the maintenance: far from the real clock, so nothing the schema created interferes. */
    private static final Instant NOW = Instant.parse("2031-03-10T12:00:00Z");

    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2031-03-09T23:59:59.900Z");
    private static final Instant AFTER_MIDNIGHT = Instant.parse("2031-03-10T00:00:00.100Z");

    private TestDatabase database;
    private Connection admin;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = TestDatabase.create();
        admin = database.connect();
        Postgres.maintain(admin, NOW);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try {
            admin.close();
        } finally {
            database.close();
        }
    }

    @Test
    void partitionsAreCreatedAheadAndASecondRunDoesNothing() throws SQLException {
        assertThat(partitions("heartbeats"))
                // 30 days back (the day that holds now - 30 days) to 7 days ahead.
                .contains("heartbeats_p20310208", "heartbeats_p20310310", "heartbeats_p20310317")
                .doesNotContain("heartbeats_p20310207", "heartbeats_p20310318")
                .hasSize(38 + 1);
        assertThat(partitions("rejected_heartbeats"))
                .contains("rejected_heartbeats_p20310310", "rejected_heartbeats_p20310317")
                .doesNotContain("rejected_heartbeats_p20310318");
        // 400 days back, two months ahead, by month.
        assertThat(partitions("heartbeat_minutes"))
                .contains("heartbeat_minutes_p203002", "heartbeat_minutes_p203103", "heartbeat_minutes_p203105")
                .doesNotContain("heartbeat_minutes_p203001", "heartbeat_minutes_p203106");

        assertThat(Postgres.maintain(admin, NOW)).isEmpty();
        // An hour later on the last day: still nothing; the next day: one day more of each daily table.
        assertThat(Postgres.maintain(admin, NOW.plus(Duration.ofHours(11)))).isEmpty();
        assertThat(Postgres.maintain(admin, NOW.plus(Duration.ofHours(12))))
                .containsExactlyInAnyOrder(
                        "dropped heartbeats_p20310208",
                        "created heartbeats_p20310318",
                        "dropped rejected_heartbeats_p20310208",
                        "created rejected_heartbeats_p20310318");
    }

    @Test
    void expiredPartitionsAreDroppedPerTheRetentionSettingAndNewerOnesStay() throws SQLException {
        insertReadings(
                reading("00000000-0000-4000-8000-000000000001", Instant.parse("2031-03-01T10:00:00Z"), 1),
                reading("00000000-0000-4000-8000-000000000002", Instant.parse("2031-03-05T10:00:00Z"), 2),
                reading("00000000-0000-4000-8000-000000000003", Instant.parse("2031-03-10T10:00:00Z"), 3));
        execute("UPDATE heartbeat_retention SET keep = interval '7 days' WHERE table_name = 'heartbeats'");

        List<String> actions = Postgres.maintain(admin, NOW);

        // Expired: before the start of 2031-03-03, the day that holds now - 7 days.
        assertThat(actions).contains("dropped heartbeats_p20310208", "dropped heartbeats_p20310302");
        assertThat(actions).noneMatch(a -> a.contains("heartbeats_p20310303") || a.contains("rejected_heartbeats"));
        assertThat(partitions("heartbeats")).contains("heartbeats_p20310303", "heartbeats_p20310317");
        assertThat(strings("SELECT event_id::text FROM heartbeats ORDER BY event_time"))
                .containsExactly("00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003");
    }

    @Test
    void aReplayAcrossMidnightStoresEachReadingOnceInItsOwnDay() throws SQLException {
        ClassifiedReading before = reading("11111111-0000-4000-8000-000000000001", BEFORE_MIDNIGHT, 10);
        ClassifiedReading after = reading("11111111-0000-4000-8000-000000000002", AFTER_MIDNIGHT, 11);

        insertReadings(before, after);
        insertReadings(before, after); // a restart from a checkpoint writes the batch again
        insertReadings(after, before);

        assertThat(strings("SELECT tableoid::regclass || ' ' || event_id FROM heartbeats ORDER BY event_time"))
                .containsExactly(
                        "heartbeats_p20310309 11111111-0000-4000-8000-000000000001",
                        "heartbeats_p20310310 11111111-0000-4000-8000-000000000002");
        assertThat(count("SELECT count(*) FROM rejected_heartbeats")).isZero();
    }

    @Test
    void aSecondMessageWithAStoredKeyIsRejectedInItsOwnDayAndAnotherTimeIsAnotherReading() throws SQLException {
        String id = "22222222-0000-4000-8000-000000000001";
        insertReadings(reading(id, BEFORE_MIDNIGHT, 20));
        // Another message with the same key (event_id and time) and another reading: whatever the day it comes on.
        ClassifiedReading conflicting = new ClassifiedReading(
                new HeartbeatReading(id, "c1", BEFORE_MIDNIGHT.toEpochMilli(), 150, 0, 21), RiskLevel.HIGH, false);
        insertReadings(conflicting);
        insertReadings(conflicting); // and its replay
        // The same event_id after midnight reaches the database only past the job's horizon (MonitorCustomer
        // rejects it while the first reading's minute is open): then it is another reading, in its own day.
        insertReadings(reading(id, AFTER_MIDNIGHT, 22));

        assertThat(strings("SELECT tableoid::regclass || ' ' || kafka_offset FROM heartbeats ORDER BY event_time"))
                .containsExactly("heartbeats_p20310309 20", "heartbeats_p20310310 22");
        assertThat(strings("SELECT tableoid::regclass || ' ' || kafka_offset || ' ' || reason || ' ' || detail"
                        + " FROM rejected_heartbeats"))
                .singleElement()
                .asString()
                .startsWith("rejected_heartbeats_p20310309 21 CONFLICTING_EVENT_ID event_id " + id
                        + " is already stored from heartbeats partition 0 offset 20 as customer_id c1, timestamp");
    }

    @Test
    void aRejectionReplayedWithAnotherReceiveTimeIsStoredOnce() throws SQLException {
        for (int restart = 0; restart < 3; restart++) {
            // The job's clock (received_at) differs on every run; the record's timestamp does not.
            RejectedMessage rejected = new RejectedMessage(
                    TOPIC,
                    1,
                    99L,
                    RejectReason.MALFORMED_JSON,
                    "not JSON",
                    "{",
                    1,
                    AFTER_MIDNIGHT.plusSeconds(3600L * restart).toEpochMilli(),
                    BEFORE_MIDNIGHT.toEpochMilli());
            try (Connection writer = Postgres.connect(database.jdbc());
                    PreparedStatement insert = writer.prepareStatement(RejectionStatement.SQL)) {
                new RejectionStatement().accept(insert, rejected);
                insert.executeUpdate();
            }
        }

        assertThat(strings("SELECT tableoid::regclass || ' ' || kafka_offset FROM rejected_heartbeats"))
                .containsExactly("rejected_heartbeats_p20310309 99");
    }

    @Test
    void lateAndFarFutureReadingsAreStoredAndExpiredDaysAreNotCreatedAgain() throws SQLException {
        Instant farFuture = Instant.parse("2031-06-01T08:00:00Z");
        Instant beyondRetention = Instant.parse("2031-01-15T08:00:00Z");
        insertReadings(
                reading("33333333-0000-4000-8000-000000000001", farFuture, 30),
                reading("33333333-0000-4000-8000-000000000002", beyondRetention, 31));

        assertThat(strings("SELECT tableoid::regclass::text FROM heartbeats ORDER BY event_time"))
                .containsExactly("heartbeats_default", "heartbeats_default");

        // The expired one is deleted, its day not created; the far-future one waits in the default partition.
        assertThat(Postgres.maintain(admin, NOW)).containsExactly("deleted 1 expired rows from heartbeats_default");
        assertThat(partitions("heartbeats")).noneMatch(p -> p.startsWith("heartbeats_p203101"));

        // When its day comes within the days created ahead, it moves into that day's partition.
        assertThat(Postgres.maintain(admin, farFuture.minus(Duration.ofDays(3))))
                .contains("created heartbeats_p20310601 with 1 rows from heartbeats_default");
        assertThat(strings("SELECT tableoid::regclass::text FROM heartbeats")).containsExactly("heartbeats_p20310601");
        // The moved row still has the day's key.
        insertReadings(reading("33333333-0000-4000-8000-000000000001", farFuture, 32));
        assertThat(count("SELECT count(*) FROM rejected_heartbeats WHERE reason = 'DUPLICATE_EVENT_ID'"))
                .isEqualTo(1);
    }

    @Test
    void theRolesReadAndWriteButNeitherMaintainsNorDropsPartitions() throws SQLException {
        insertReadings(reading("44444444-0000-4000-8000-000000000001", AFTER_MIDNIGHT, 40));
        try (Connection reader = Postgres.connect(database.url(), Roles.DEFAULT_READER, "");
                Statement s = reader.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM heartbeats")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        for (Connection role : List.of(
                Postgres.connect(database.jdbc()), Postgres.connect(database.url(), Roles.DEFAULT_READER, ""))) {
            try (role) {
                for (String sql : List.of(
                        "DROP TABLE heartbeats_p20310310",
                        "ALTER TABLE heartbeats DETACH PARTITION heartbeats_p20310310",
                        "CREATE TABLE heartbeats_p20400101 PARTITION OF heartbeats"
                                + " FOR VALUES FROM ('2040-01-01') TO ('2040-01-02')",
                        "SELECT * FROM heartbeat_maintenance()",
                        "UPDATE heartbeat_retention SET keep = interval '1 day'",
                        "DELETE FROM heartbeats")) {
                    assertThatThrownBy(() -> {
                                try (Statement s = role.createStatement()) {
                                    s.execute(sql);
                                }
                            })
                            .as(sql)
                            .hasMessageMatching("(?s).*(must be owner|permission denied).*");
                }
            }
        }
        assertThat(partitions("heartbeats")).contains("heartbeats_p20310310");
    }

    @Test
    void aDatabaseFromBeforePartitioningIsMigratedOnTheNextStart() throws Exception {
        try (TestDatabase old = TestDatabase.create();
                Connection db = old.connect();
                Statement s = db.createStatement()) {
            // The tables as the previous schema had them: ordinary, keyed by event_id and Kafka coordinates; and,
            // as before versioned migrations, no history: the migrate step baselines it and runs V1.. over it.
            s.execute("DROP TABLE heartbeats, rejected_heartbeats, heartbeat_minutes, flyway_schema_history CASCADE");
            s.execute("CREATE TABLE heartbeats (event_id uuid PRIMARY KEY, customer_id text NOT NULL,"
                    + " event_time timestamptz NOT NULL, heart_rate smallint NOT NULL, risk_level text NOT NULL,"
                    + " kafka_partition integer NOT NULL, kafka_offset bigint NOT NULL,"
                    + " ingested_at timestamptz NOT NULL DEFAULT now(), late boolean NOT NULL DEFAULT false,"
                    + " kafka_topic text)");
            s.execute("CREATE TABLE rejected_heartbeats (kafka_topic text NOT NULL, kafka_partition integer NOT NULL,"
                    + " kafka_offset bigint NOT NULL, reason text NOT NULL, detail text NOT NULL,"
                    + " raw_payload text NOT NULL, payload_bytes integer NOT NULL, received_at timestamptz NOT NULL,"
                    + " stored_at timestamptz NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset))");
            s.execute("CREATE TABLE heartbeat_minutes (customer_id text NOT NULL, minute timestamptz NOT NULL,"
                    + " readings integer NOT NULL, min_bpm smallint NOT NULL, max_bpm smallint NOT NULL,"
                    + " avg_bpm double precision NOT NULL, PRIMARY KEY (customer_id, minute))");
            s.execute("INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate, risk_level,"
                    + " kafka_partition, kafka_offset, kafka_topic) VALUES"
                    + " ('55555555-0000-4000-8000-000000000001', 'c1', now() - interval '1 hour', 72, 'NORMAL', 0, 1,"
                    + " 'heartbeats')");
            s.execute("INSERT INTO rejected_heartbeats (kafka_topic, kafka_partition, kafka_offset, reason, detail,"
                    + " raw_payload, payload_bytes, received_at) VALUES ('heartbeats', 0, 2, 'MALFORMED_JSON', 'x',"
                    + " '{', 1, now())");
            s.execute("INSERT INTO heartbeat_minutes VALUES ('c1', date_trunc('minute', now()), 1, 72, 72, 72)");

            assertThat(old.migrate().baselined()).isTrue();

            assertThat(single(db, "SELECT tableoid::regclass || ' ' || event_id FROM heartbeats"))
                    .startsWith("heartbeats_p")
                    .endsWith("55555555-0000-4000-8000-000000000001");
            assertThat(single(
                            db,
                            "SELECT tableoid::regclass || ' ' || (message_time = received_at)"
                                    + " FROM rejected_heartbeats"))
                    .matches("rejected_heartbeats_p\\d{8} true");
            assertThat(single(db, "SELECT tableoid::regclass::text FROM heartbeat_minutes"))
                    .matches("heartbeat_minutes_p\\d{6}");
            // V3 recorded its event_id as it was copied over; V11 keys the days by (event_time, event_id) instead.
            assertThat(single(db, "SELECT to_regclass('heartbeat_event_ids') IS NULL"))
                    .isEqualTo("t");
            assertThat(single(
                            db,
                            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'heartbeats_pkey'"))
                    .isEqualTo("PRIMARY KEY (event_time, event_id)");
            assertThat(single(db, "SELECT count(*)::text FROM pg_class WHERE relname LIKE '%_unpartitioned'"))
                    .isEqualTo("0");
        }
    }

    private static ClassifiedReading reading(String eventId, Instant time, long offset) {
        return new ClassifiedReading(
                new HeartbeatReading(eventId, "c1", time.toEpochMilli(), 72, 0, offset), RiskLevel.NORMAL, false);
    }

    /** As the job's sink writes them: the writer role, one batch. */
    private void insertReadings(ClassifiedReading... readings) throws SQLException {
        try (Connection writer = Postgres.connect(database.jdbc());
                PreparedStatement insert = writer.prepareStatement(ReadingBatchStatement.SQL)) {
            new ReadingBatchStatement(TOPIC).accept(insert, ReadingBatch.of(List.of(readings)));
            insert.execute();
        }
    }

    private List<String> partitions(String table) throws SQLException {
        return strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = '" + table + "'::regclass ORDER BY 1");
    }

    private List<String> strings(String sql) throws SQLException {
        return TestDatabase.column(admin, sql);
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute(sql);
        }
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
