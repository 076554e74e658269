package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.InvalidKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The soak's accounting finds what it must, on the real tables: a message without a row, a message with two, a valid
 * one rejected and an invalid one stored, and a row of a send that was never acknowledged; and it owes no row for a
 * message the job has not committed yet.
 */
class AcknowledgedMessagesIT {

    private static final String TOPIC = "soak-accounting";
    private static final Instant NOW = Instant.now();
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void findsMissingDoubledWrongKindAndUnacknowledgedRows() throws Exception {
        AcknowledgedMessages acknowledged = new AcknowledgedMessages();
        // Partition 0, offsets 0-3 sent valid, 4-5 invalid; offset 9 was never acknowledged.
        for (int offset = 0; offset <= 5; offset++) {
            acknowledged.acknowledged(
                    message(offset < 4), new RecordMetadata(new TopicPartition(TOPIC, 0), offset, 0, 0L, 0, 0));
        }
        try (Connection db = database.connect()) {
            for (int offset : new int[] {0, 1, 2, 5, 9}) {
                reading(db, offset);
            }
            rejection(db, 0); // offset 0 a second time, and rejected though valid
            rejection(db, 4);

            AcknowledgedMessages.Account all = acknowledged.account(db, TOPIC, Map.of(0, 10L));
            assertThat(all.acknowledged()).isEqualTo(6);
            assertThat(all.owed()).isEqualTo(6);
            assertThat(all.readings()).isEqualTo(5);
            assertThat(all.rejections()).isEqualTo(2);
            assertThat(all.missing()).as("offset 3 has no row").isEqualTo(1);
            assertThat(all.doubled()).as("offset 0 has two rows").isEqualTo(1);
            assertThat(all.wrongKind())
                    .as("0 valid but rejected, 5 invalid but stored")
                    .isEqualTo(2);
            assertThat(all.unacknowledged()).as("offset 9").isEqualTo(1);
            assertThat(all.exactlyOnce()).isFalse();
            assertThat(all.examples())
                    .contains(
                            "0@3 is missing",
                            "0@0 ended twice",
                            "0@5 was sent invalid but is a reading",
                            "0@0 was sent valid but is a rejection");

            AcknowledgedMessages.Account committedUpTo2 = acknowledged.account(db, TOPIC, Map.of(0, 2L));
            assertThat(committedUpTo2.owed())
                    .as("only offsets below the committed one are owed")
                    .isEqualTo(2);
            assertThat(committedUpTo2.missing()).isZero();
            assertThat(committedUpTo2.unacknowledged()).isZero();
        }
    }

    private static GeneratedMessage message(boolean valid) {
        return new GeneratedMessage(
                "c", UUID.randomUUID().toString(), NOW, 70, valid ? null : InvalidKind.values()[0], new byte[0]);
    }

    private static void reading(Connection db, int offset) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO heartbeats (event_id, customer_id,"
                + " event_time, heart_rate, risk_level, kafka_topic, kafka_partition, kafka_offset)"
                + " VALUES (?, 'c', ?, 70, 'NORMAL', ?, 0, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setTimestamp(2, Timestamp.from(NOW));
            insert.setString(3, TOPIC);
            insert.setLong(4, offset);
            insert.executeUpdate();
        }
    }

    private static void rejection(Connection db, int offset) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO rejected_heartbeats (kafka_topic,"
                + " kafka_partition, kafka_offset, reason, detail, raw_payload, payload_bytes, received_at,"
                + " message_time) VALUES (?, 0, ?, 'INVALID_JSON', '', '', 0, ?, ?)")) {
            insert.setString(1, TOPIC);
            insert.setLong(2, offset);
            insert.setTimestamp(3, Timestamp.from(NOW));
            insert.setTimestamp(4, Timestamp.from(NOW));
            insert.executeUpdate();
        }
    }
}
