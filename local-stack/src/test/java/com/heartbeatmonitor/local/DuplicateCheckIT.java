package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import com.heartbeatmonitor.job.sinks.ReadingBatchStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The duplicate check of {@code store_heartbeats} (sql/V11__batch_duplicate_check.sql, its lookup V12) on the real PostgreSQL, as
 * the heartbeats sink calls it (the writer role, one call a batch): each key (event_time, event_id) is stored once,
 * whoever sends it again is a rejection naming the message that holds it, a replay of a stored message is nothing,
 * and a key two writers store at once is sorted out by the loser's retry.
 */
class DuplicateCheckIT {

    private static final String TOPIC = "heartbeats";
    private static final Instant T = Instant.parse("2031-03-10T08:00:00.250Z");
    private static final String ID = "33333333-0000-4000-8000-000000000001";
    private static final String HELD_BY_OFFSET_10 = " is already stored from heartbeats partition 0 offset 10 as"
            + " customer_id c1, timestamp 2031-03-10T08:00:00.25+00:00, heart_rate 72";

    private TestDatabase database;
    private Connection admin;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = TestDatabase.create();
        admin = database.connect();
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
    void withinOneBatchTheFirstMessageOfAKeyIsStoredAndTheOthersAreRejectedAgainstIt() throws SQLException {
        store(
                reading(ID, "c1", 72, 10),
                reading(ID, "c1", 72, 11), // the same reading: DUPLICATE
                reading(ID, "c1", 150, 12), // another heart rate: CONFLICTING
                reading(ID, "c2", 72, 13), // another customer: CONFLICTING
                reading("33333333-0000-4000-8000-000000000002", "c1", 80, 14));

        assertThat(strings("SELECT kafka_offset || ' ' || customer_id FROM heartbeats ORDER BY kafka_offset"))
                .containsExactly("10 c1", "14 c1");
        assertThat(strings("SELECT kafka_offset || ' ' || reason || ' ' || detail FROM rejected_heartbeats"
                        + " ORDER BY kafka_offset"))
                .containsExactly(
                        "11 DUPLICATE_EVENT_ID event_id " + ID
                                + " is already stored from heartbeats partition 0 offset 10 with the same reading",
                        "12 CONFLICTING_EVENT_ID event_id " + ID + HELD_BY_OFFSET_10,
                        "13 CONFLICTING_EVENT_ID event_id " + ID + HELD_BY_OFFSET_10);
    }

    @Test
    void aReplayedBatchChangesNothingAndALaterResendIsRejectedOnce() throws SQLException {
        ClassifiedReading first = reading(ID, "c1", 72, 10);
        store(first);
        store(first); // a restart writes the batch again
        store(reading(ID, "c1", 72, 20), first); // a resend in a later batch, with the stored one replayed
        store(reading(ID, "c1", 72, 20)); // and the resend's own replay

        assertThat(strings("SELECT kafka_offset::text FROM heartbeats")).containsExactly("10");
        assertThat(strings("SELECT kafka_offset || ' ' || reason || ' ' || payload_bytes || ' ' || raw_payload"
                        + " FROM rejected_heartbeats"))
                .singleElement()
                .asString()
                .startsWith("20 DUPLICATE_EVENT_ID ")
                .contains("\"customer_id\" : \"c1\"", "\"heart_rate\" : 72");
    }

    @Test
    void aKeyAnotherWriterStoresFirstFailsTheBatchWhichTheRetryThenRejects() throws Exception {
        try (Connection first = Postgres.connect(database.jdbc());
                Connection second = Postgres.connect(database.jdbc())) {
            first.setAutoCommit(false);
            store(first, reading(ID, "c1", 72, 10));
            // The second writer's statement waits for the first's uncommitted row, and cannot see it after.
            CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
                try {
                    store(
                            second,
                            reading(ID, "c2", 90, 11),
                            reading("33333333-0000-4000-8000-000000000009", "c2", 90, 12));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaitingOnALock();
            first.commit();

            assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                    .rootCause()
                    .isInstanceOf(PSQLException.class)
                    .hasMessageContaining("1 of 2 readings in this batch were stored by a concurrent writer first")
                    .satisfies(
                            e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("40001"));
            assertThat(strings("SELECT kafka_offset::text FROM heartbeats"))
                    .as("the batch undone")
                    .containsExactly("10");

            // The connector retries the batch: now the other writer's row is there to be rejected against.
            store(second, reading(ID, "c2", 90, 11), reading("33333333-0000-4000-8000-000000000009", "c2", 90, 12));
        }
        assertThat(strings("SELECT kafka_offset::text FROM heartbeats ORDER BY 1"))
                .containsExactly("10", "12");
        assertThat(strings("SELECT kafka_offset || ' ' || reason FROM rejected_heartbeats"))
                .containsExactly("11 CONFLICTING_EVENT_ID");
    }

    @Test
    void everyBatchProbesTheKeyOfEachReadingAndNeverScansAPartition() throws Exception {
        int batches = 12; // PL/pgSQL plans the statement anew for five calls, then keeps one plan for the session
        int perBatch = 100;
        // Within the last hour: the days' partitions that maintenance made, where the job's readings go.
        long from = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        countScansFromNowOn();
        try (Connection writer = Postgres.connect(database.jdbc())) {
            for (int batch = 0; batch < batches; batch++) {
                ClassifiedReading[] readings = new ClassifiedReading[perBatch];
                for (int i = 0; i < perBatch; i++) {
                    long offset = (long) batch * perBatch + i;
                    readings[i] = new ClassifiedReading(
                            new HeartbeatReading(
                                    String.format("44444444-0000-4000-8000-%012d", offset),
                                    "c" + (i % 7),
                                    from + offset * 1_000,
                                    70,
                                    0,
                                    offset),
                            RiskLevel.NORMAL,
                            false);
                }
                store(writer, readings);
            }
            try (Statement flush = writer.createStatement()) {
                flush.execute("SELECT pg_stat_force_next_flush()"); // this session's counters, before they are read
            }
        }

        assertThat(strings("SELECT count(*)::text FROM heartbeats"))
                .containsExactly(String.valueOf(batches * perBatch));
        // V11's lookup, cached as a hash join by its sixth call, read every partition whole at each call after.
        assertThat(strings("SELECT coalesce(sum(seq_scan), 0) || ' ' || (coalesce(sum(idx_scan), 0) >= "
                        + batches * perBatch + ") FROM pg_stat_user_tables WHERE relname LIKE 'heartbeats%'"))
                .as("sequential scans of heartbeats' partitions; a probe of the key for every reading")
                .containsExactly("0 true");
    }

    /**
     * Zeroes the database's scan counters once the sessions that made it (the migrations scan every partition) are
     * gone: a session's counters land when it ends, before it leaves pg_stat_activity.
     */
    private void countScansFromNowOn() throws Exception {
        Await.until(
                "the database's other sessions to end",
                Duration.ofSeconds(30),
                () -> strings("SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND pid <> pg_backend_pid()")
                        .equals(List.of("0")));
        try (Statement reset = admin.createStatement()) {
            reset.execute("SELECT pg_stat_reset()");
        }
    }

    private void awaitWaitingOnALock() throws Exception {
        Await.until(
                "the second writer to wait on the first's row",
                Duration.ofSeconds(30),
                () -> !strings("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND datname = current_database()")
                        .isEmpty());
    }

    private static ClassifiedReading reading(String eventId, String customer, int bpm, long offset) {
        return new ClassifiedReading(
                new HeartbeatReading(eventId, customer, T.toEpochMilli(), bpm, 0, offset), RiskLevel.NORMAL, false);
    }

    private void store(ClassifiedReading... readings) throws SQLException {
        try (Connection writer = Postgres.connect(database.jdbc())) {
            store(writer, readings);
        }
    }

    /** As the heartbeats sink does: one call with the batch. */
    private static void store(Connection writer, ClassifiedReading... readings) throws SQLException {
        try (PreparedStatement call = writer.prepareStatement(ReadingBatchStatement.SQL)) {
            new ReadingBatchStatement(TOPIC).accept(call, ReadingBatch.of(List.of(readings)));
            call.execute();
        }
    }

    private List<String> strings(String sql) throws SQLException {
        return TestDatabase.column(admin, sql);
    }
}
