-- Schema of the heart-rate pipeline: the first migration, applied once by the migrate step (Flyway).
-- Idempotent all the same, like V2-V7: a database built before migrations (today's tables, no history)
-- is baselined at version 0 and runs V1-V7 again, which completes whatever it lacks and changes nothing else.

-- A database from before partitioning (ordinary tables): set them aside under *_unpartitioned; the
-- tables below are created partitioned and V4__partitions.sql copies the rows over, then drops them.
DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('heartbeats')) = 'r' THEN
        DROP VIEW IF EXISTS latest_heartbeats;
        DROP TRIGGER IF EXISTS heartbeats_reject_duplicate ON heartbeats;
        ALTER TABLE heartbeats RENAME TO heartbeats_unpartitioned;
        ALTER INDEX IF EXISTS heartbeats_pkey RENAME TO heartbeats_unpartitioned_pkey;
        ALTER INDEX IF EXISTS heartbeats_customer_time RENAME TO heartbeats_unpartitioned_customer_time;
        ALTER INDEX IF EXISTS heartbeats_event_time_brin RENAME TO heartbeats_unpartitioned_event_time_brin;
        ALTER INDEX IF EXISTS heartbeats_ingested_brin RENAME TO heartbeats_unpartitioned_ingested_brin;
    END IF;
    IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('rejected_heartbeats')) = 'r' THEN
        DROP VIEW IF EXISTS rejected_heartbeat_reasons;
        ALTER TABLE rejected_heartbeats RENAME TO rejected_heartbeats_unpartitioned;
        ALTER INDEX IF EXISTS rejected_heartbeats_pkey RENAME TO rejected_heartbeats_unpartitioned_pkey;
        ALTER INDEX IF EXISTS rejected_heartbeats_received RENAME TO rejected_heartbeats_unpartitioned_received;
    END IF;
END
$$;

-- One row per valid reading, partitioned by day of event_time (UTC); V4__partitions.sql creates the
-- days ahead and drops expired ones. A unique key of a partitioned table must hold the partition key,
-- so the key is (event_id, event_time): a replayed message has the same event_time and still conflicts
-- ("INSERT ... ON CONFLICT DO NOTHING" never doubles a row); the same event_id with another time is
-- caught by the duplicate check (V3__duplicates.sql, through heartbeat_event_ids).
CREATE TABLE IF NOT EXISTS heartbeats (
    event_id        uuid        NOT NULL,
    customer_id     text        NOT NULL,
    event_time      timestamptz NOT NULL,
    heart_rate      smallint    NOT NULL,
    risk_level      text        NOT NULL CHECK (risk_level IN ('NORMAL', 'ELEVATED', 'HIGH', 'CRITICAL')),
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    -- When the row was written (transaction start of the sink's batch): freshness and latency.
    ingested_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, event_time)
) PARTITION BY RANGE (event_time);

-- Whatever no day partition takes (a time beyond the days created ahead, or older than retention):
-- an insert never fails for lack of a partition. Maintenance moves its rows into a day when that day
-- is created and deletes the expired ones.
CREATE TABLE IF NOT EXISTS heartbeats_default PARTITION OF heartbeats DEFAULT;

-- A customer's readings over a time range, and the latest reading of a customer, are index-only
-- scans of this index (heart_rate and risk_level are carried in it).
CREATE INDEX IF NOT EXISTS heartbeats_customer_time
    ON heartbeats (customer_id, event_time DESC) INCLUDE (heart_rate, risk_level);

-- All customers over a time range: rows arrive roughly in event-time order, so a BRIN index is tiny
-- and lets range queries skip whole blocks.
CREATE INDEX IF NOT EXISTS heartbeats_event_time_brin
    ON heartbeats USING brin (event_time) WITH (pages_per_range = 32);

-- One row per rejected message. Kafka coordinates identify the message, so a replay inserts nothing
-- twice. raw_payload is a bounded, printable preview; payload_bytes is the original size.
-- Partitioned by day of message_time: the Kafka record's timestamp, which a replay or a restart
-- reads again unchanged (received_at, the job's clock, changes), so the key (coordinates +
-- message_time) stays idempotent. For a duplicate event_id found by the database it is the reading's
-- timestamp (within 7 days before to 1 minute after the record's, by validation).
CREATE TABLE IF NOT EXISTS rejected_heartbeats (
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    reason          text        NOT NULL,
    detail          text        NOT NULL,
    raw_payload     text        NOT NULL,
    payload_bytes   integer     NOT NULL,
    received_at     timestamptz NOT NULL,
    stored_at       timestamptz NOT NULL DEFAULT now(),
    message_time    timestamptz NOT NULL,
    PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset, message_time)
) PARTITION BY RANGE (message_time);

CREATE TABLE IF NOT EXISTS rejected_heartbeats_default PARTITION OF rejected_heartbeats DEFAULT;

CREATE INDEX IF NOT EXISTS rejected_heartbeats_received ON rejected_heartbeats (received_at);

-- What dashboards may see of rejections: which message, why, how big, when; never raw_payload or
-- detail, which hold what a device (or an attacker) sent. The dashboards' role reads this view and
-- has no right on the table itself; the view runs with its owner's rights.
CREATE OR REPLACE VIEW rejected_heartbeat_reasons AS
SELECT kafka_topic, kafka_partition, kafka_offset, reason, payload_bytes, received_at, stored_at, message_time
FROM rejected_heartbeats;

-- Latest reading of every customer without scanning all readings: a skip scan that jumps from one
-- customer to the next through heartbeats_customer_time, then takes that customer's newest row.
CREATE OR REPLACE VIEW latest_heartbeats AS
WITH RECURSIVE customers AS (
    (SELECT customer_id FROM heartbeats ORDER BY customer_id LIMIT 1)
    UNION ALL
    SELECT (SELECT h.customer_id FROM heartbeats h
            WHERE h.customer_id > c.customer_id ORDER BY h.customer_id LIMIT 1)
    FROM customers c
    WHERE c.customer_id IS NOT NULL
)
SELECT latest.customer_id, latest.event_time, latest.heart_rate, latest.risk_level
FROM customers c
CROSS JOIN LATERAL (
    SELECT h.customer_id, h.event_time, h.heart_rate, h.risk_level
    FROM heartbeats h
    WHERE h.customer_id = c.customer_id
    ORDER BY h.event_time DESC
    LIMIT 1
) latest;
