package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The duplicate check of {@code store_heartbeats} (sql/V12__store_heartbeats_insert_first.sql) on the real
 * PostgreSQL, as the heartbeats sink calls it (the writer role, one call a batch): each key (event_time, event_id)
 * is stored once, whoever sends it again is a rejection naming the message that holds it, a replay of a stored
 * message is nothing, and a key two writers store at once is rejected against the row of the one that stored it
 * first.
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
    void aKeyAnotherWriterStoresMeanwhileIsRejectedAgainstItsRow() throws Exception {
        try (Connection first = Postgres.connect(database.jdbc());
                Connection second = Postgres.connect(database.jdbc())) {
            first.setAutoCommit(false);
            store(first, reading(ID, "c1", 72, 10));
            // The second writer's insert waits for the first's uncommitted row and skips its key once committed;
            // the lookup after it sees that row.
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
            racing.get(30, TimeUnit.SECONDS);
        }
        assertThat(strings("SELECT kafka_offset::text FROM heartbeats ORDER BY 1"))
                .containsExactly("10", "12");
        assertThat(strings("SELECT kafka_offset || ' ' || reason || ' ' || detail FROM rejected_heartbeats"))
                .containsExactly("11 CONFLICTING_EVENT_ID event_id " + ID + HELD_BY_OFFSET_10);
    }

    @Test
    void noBatchOfASessionScansAPartitionWhenStoringOrLookingUpHolders() throws Exception {
        int batches = 12; // PL/pgSQL plans a statement anew for five calls, then keeps one plan for the session
        int perBatch = 100;
        // Within the last hour: the days' partitions that maintenance made, where the job's readings go.
        long from = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        countScansFromNowOn();
        try (Connection writer = Postgres.connect(database.jdbc())) {
            for (int batch = 0; batch < batches; batch++) {
                List<ClassifiedReading> readings = new ArrayList<>();
                for (long n = (long) batch * perBatch; n < (long) (batch + 1) * perBatch; n++) {
                    readings.add(numbered(n, from, 0, n));
                }
                if (batch > 0) { // the previous batch's first reading sent again: its holder looked up
                    readings.add(numbered((long) (batch - 1) * perBatch, from, 1, batch));
                }
                store(writer, readings.toArray(ClassifiedReading[]::new));
            }
            try (Statement flush = writer.createStatement()) {
                flush.execute("SELECT pg_stat_force_next_flush()"); // this session's counters, before they are read
            }
        }

        assertThat(strings("SELECT count(*)::text FROM heartbeats"))
                .containsExactly(String.valueOf(batches * perBatch));
        assertThat(strings("SELECT count(*) || ' ' || reason FROM rejected_heartbeats GROUP BY reason"))
                .containsExactly((batches - 1) + " DUPLICATE_EVENT_ID");
        // V11's lookup, cached as a hash join by its sixth call, read every partition whole at each call after.
        assertThat(strings("SELECT coalesce(sum(seq_scan), 0)::text FROM pg_stat_user_tables"
                        + " WHERE relname LIKE 'heartbeats%'"))
                .as("sequential scans of heartbeats' partitions")
                .containsExactly("0");
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

    /** Reading number {@code n}, {@code n} seconds after {@code from}, from the message at partition and offset. */
    private static ClassifiedReading numbered(long n, long from, int partition, long offset) {
        return new ClassifiedReading(
                new HeartbeatReading(
                        String.format("44444444-0000-4000-8000-%012d", n),
                        "c" + (n % 7),
                        from + n * 1_000,
                        70,
                        partition,
                        offset),
                RiskLevel.NORMAL,
                false);
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
