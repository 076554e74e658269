-- Schema of the heart-rate pipeline. Idempotent: safe to apply on every start.
-- Applied by the run command and the tests (through JDBC) and by PostgreSQL's docker entrypoint.

-- One row per valid reading. The primary key on event_id is what makes the job's
-- "INSERT ... ON CONFLICT DO NOTHING" idempotent: a replayed message never doubles a row.
CREATE TABLE IF NOT EXISTS heartbeats (
    event_id        uuid        PRIMARY KEY,
    customer_id     text        NOT NULL,
    event_time      timestamptz NOT NULL,
    heart_rate      smallint    NOT NULL,
    risk_level      text        NOT NULL CHECK (risk_level IN ('NORMAL', 'ELEVATED', 'HIGH', 'CRITICAL')),
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    -- When the row was written (transaction start of the sink's batch): freshness and latency.
    ingested_at     timestamptz NOT NULL DEFAULT now()
);

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
    PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)
);

CREATE INDEX IF NOT EXISTS rejected_heartbeats_received ON rejected_heartbeats (received_at);

-- What dashboards may see of rejections: which message, why, how big, when; never raw_payload or
-- detail, which hold what a device (or an attacker) sent. The dashboards' role reads this view and
-- has no right on the table itself; the view runs with its owner's rights.
CREATE OR REPLACE VIEW rejected_heartbeat_reasons AS
SELECT kafka_topic, kafka_partition, kafka_offset, reason, payload_bytes, received_at, stored_at
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
