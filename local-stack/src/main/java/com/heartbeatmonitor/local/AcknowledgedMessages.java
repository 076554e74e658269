package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.KafkaPublisher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every message Kafka acknowledged to the generator, by where it was stored (partition, offset) and whether it
 * was sent valid: two bits a message, so hours at thousands a second fit in memory (36 million messages in about
 * 9 MB), where the tests' map of every message would not. {@link #account} traces each row of the tables back to
 * them, as {@code TestStack.account} does for the integration tests.
 */
public final class AcknowledgedMessages implements KafkaPublisher.AckListener {

    /** Problems quoted by {@link Account#examples()}; the counts hold all of them. */
    private static final int EXAMPLES = 10;

    private static final int FETCH_SIZE = 50_000;

    private final Map<Integer, BitSet> acknowledged = new TreeMap<>();
    private final Map<Integer, BitSet> valid = new TreeMap<>();
    private final AtomicLong refused = new AtomicLong();
    private long count;

    @Override
    public synchronized void acknowledged(
            GeneratedMessage message, org.apache.kafka.clients.producer.RecordMetadata at) {
        int offset = Math.toIntExact(at.offset());
        acknowledged.computeIfAbsent(at.partition(), p -> new BitSet()).set(offset);
        if (message.isValid()) {
            valid.computeIfAbsent(at.partition(), p -> new BitSet()).set(offset);
        }
        count++;
    }

    @Override
    public void failed(GeneratedMessage message, Exception error) {
        refused.incrementAndGet();
    }

    public synchronized long count() {
        return count;
    }

    /** Sends Kafka did not take after the producer's own retries: never acknowledged, so not owed a row. */
    public long refused() {
        return refused.get();
    }

    /**
     * How the acknowledged messages of {@code topic} ended in the tables. A message is owed its row once its offset
     * is below {@code settled} (by partition; the job's committed offsets: a checkpoint completed after it was
     * read, so its write is done); a second row of any message is a double at once. Rows at offsets below
     * {@code settled} the generator never had acknowledged are counted apart.
     */
    public Account account(Connection db, String topic, Map<Integer, Long> settled) throws SQLException {
        Map<Integer, BitSet> readings = new TreeMap<>();
        Map<Integer, BitSet> rejections = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        long doubled;
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false); // a cursor, so the scan streams instead of loading every row
        try {
            doubled = scan(db, "heartbeats", topic, readings, new TreeMap<>(), examples)
                    + scan(db, "rejected_heartbeats", topic, rejections, readings, examples);
            db.commit();
        } finally {
            db.setAutoCommit(autoCommit);
        }
        // Copied after the scan: a row the job stored may come before its acknowledgement reached the generator.
        Map<Integer, BitSet> acked;
        Map<Integer, BitSet> sentValid;
        synchronized (this) {
            acked = copy(acknowledged);
            sentValid = copy(valid);
        }
        long owed = 0;
        long missing = 0;
        long wrongKind = 0;
        long unacknowledged = 0;
        Set<Integer> partitions = new TreeSet<>(acked.keySet());
        partitions.addAll(readings.keySet());
        partitions.addAll(rejections.keySet());
        for (int partition : partitions) {
            int upTo = (int) Math.min(settled.getOrDefault(partition, 0L), Integer.MAX_VALUE);
            BitSet ack = acked.getOrDefault(partition, new BitSet());
            BitSet good = sentValid.getOrDefault(partition, new BitSet());
            BitSet read = readings.getOrDefault(partition, new BitSet());
            BitSet rejected = rejections.getOrDefault(partition, new BitSet());
            BitSet ended = (BitSet) read.clone();
            ended.or(rejected);

            BitSet due = ack.get(0, upTo);
            owed += due.cardinality();
            due.andNot(ended);
            missing += due.cardinality();
            note(examples, partition, due, "is missing");

            BitSet invalidStored = (BitSet) read.clone();
            invalidStored.and(ack);
            invalidStored.andNot(good);
            BitSet validRejected = (BitSet) rejected.clone();
            validRejected.and(good);
            wrongKind += invalidStored.cardinality() + validRejected.cardinality();
            note(examples, partition, invalidStored, "was sent invalid but is a reading");
            note(examples, partition, validRejected, "was sent valid but is a rejection");

            BitSet stranger = ended.get(0, upTo);
            stranger.andNot(ack);
            unacknowledged += stranger.cardinality();
        }
        long acknowledgedCount =
                acked.values().stream().mapToLong(BitSet::cardinality).sum();
        long readingCount =
                readings.values().stream().mapToLong(BitSet::cardinality).sum();
        long rejectionCount =
                rejections.values().stream().mapToLong(BitSet::cardinality).sum();
        return new Account(
                acknowledgedCount,
                owed,
                readingCount,
                rejectionCount,
                missing,
                doubled,
                wrongKind,
                unacknowledged,
                List.copyOf(examples));
    }

    /**
     * Reads the (partition, offset) of every row of {@code table} from {@code topic} into {@code into}; returns how
     * many rows were a second row of a message, in this table or in {@code alsoIn}.
     */
    private static long scan(
            Connection db,
            String table,
            String topic,
            Map<Integer, BitSet> into,
            Map<Integer, BitSet> alsoIn,
            List<String> examples)
            throws SQLException {
        long doubled = 0;
        try (PreparedStatement query =
                db.prepareStatement("SELECT kafka_partition, kafka_offset FROM " + table + " WHERE kafka_topic = ?")) {
            query.setFetchSize(FETCH_SIZE);
            query.setString(1, topic);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int partition = rs.getInt(1);
                    int offset = Math.toIntExact(rs.getLong(2));
                    BitSet seen = into.computeIfAbsent(partition, p -> new BitSet());
                    if (seen.get(offset)
                            || alsoIn.getOrDefault(partition, new BitSet()).get(offset)) {
                        doubled++;
                        if (examples.size() < EXAMPLES) {
                            examples.add(partition + "@" + offset + " ended twice");
                        }
                    }
                    seen.set(offset);
                }
            }
        }
        return doubled;
    }

    private static void note(List<String> examples, int partition, BitSet offsets, String problem) {
        for (int offset = offsets.nextSetBit(0);
                offset >= 0 && examples.size() < EXAMPLES;
                offset = offsets.nextSetBit(offset + 1)) {
            examples.add(partition + "@" + offset + " " + problem);
        }
    }

    private static Map<Integer, BitSet> copy(Map<Integer, BitSet> bits) {
        Map<Integer, BitSet> copy = new TreeMap<>();
        bits.forEach((partition, set) -> copy.put(partition, (BitSet) set.clone()));
        return copy;
    }

    /**
     * One accounting: {@code owed} of the {@code acknowledged} messages were due a row; {@code missing} of those have
     * none, {@code doubled} rows are a second row of a message, {@code wrongKind} a valid message rejected or an
     * invalid one stored; {@code unacknowledged} rows belong to offsets the generator never had acknowledged
     * (counted, not a fault: the broker may store a send whose acknowledgement was lost).
     */
    public record Account(
            long acknowledged,
            long owed,
            long readings,
            long rejections,
            long missing,
            long doubled,
            long wrongKind,
            long unacknowledged,
            List<String> examples) {

        public boolean exactlyOnce() {
            return missing == 0 && doubled == 0 && wrongKind == 0;
        }

        @Override
        public String toString() {
            return String.format(
                    "acknowledged %d (owed a row %d): readings %d, rejections %d; missing %d, doubled %d,"
                            + " wrong kind %d,"
                            + " rows of unacknowledged sends %d%s",
                    acknowledged,
                    owed,
                    readings,
                    rejections,
                    missing,
                    doubled,
                    wrongKind,
                    unacknowledged,
                    examples.isEmpty() ? "" : " " + examples);
        }
    }
}
