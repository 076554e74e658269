-- Detection outputs: alert episodes and per-minute rollups. Idempotent.

-- Readings that arrived behind the watermark: stored, but not used for episode detection.
ALTER TABLE heartbeats ADD COLUMN IF NOT EXISTS late boolean NOT NULL DEFAULT false;

-- One row per alert episode. alert_id is derived from (customer, type, start), so a replay updates
-- the same row; revision counts the episode's changes and only a newer one is written.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id    uuid        PRIMARY KEY,
    customer_id text        NOT NULL,
    alert_type  text        NOT NULL CHECK (alert_type IN ('TACHYCARDIA', 'BRADYCARDIA', 'SPIKE', 'SIGNAL_LOST')),
    severity    text        NOT NULL CHECK (severity IN ('WARNING', 'HIGH', 'CRITICAL')),
    status      text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'EXPIRED')),
    started_at  timestamptz NOT NULL,   -- event time the condition began
    detected_at timestamptz NOT NULL,   -- event time it became an alert
    ended_at    timestamptz,            -- null while open
    peak_bpm    smallint,               -- most extreme reading; null for SIGNAL_LOST
    readings    integer     NOT NULL,   -- readings that met the condition
    revision    integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS alerts_open ON alerts (customer_id) WHERE ended_at IS NULL;
CREATE INDEX IF NOT EXISTS alerts_started ON alerts (started_at);

-- A database from before partitioning: set the ordinary table aside; V4__partitions.sql moves its rows.
DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('heartbeat_minutes')) = 'r' THEN
        ALTER TABLE heartbeat_minutes RENAME TO heartbeat_minutes_unpartitioned;
        ALTER INDEX IF EXISTS heartbeat_minutes_pkey RENAME TO heartbeat_minutes_unpartitioned_pkey;
        ALTER INDEX IF EXISTS heartbeat_minutes_minute RENAME TO heartbeat_minutes_unpartitioned_minute;
    END IF;
END
$$;

-- Per customer and event-time minute: what dashboards read for long ranges instead of raw readings.
-- Partitioned by month of minute (UTC), kept much longer than raw readings: expiry drops a month
-- instead of deleting a day's rows. The key already holds the partition key, so the upsert is as it was.
CREATE TABLE IF NOT EXISTS heartbeat_minutes (
    customer_id text             NOT NULL,
    minute      timestamptz      NOT NULL,
    readings    integer          NOT NULL,
    min_bpm     smallint         NOT NULL,
    max_bpm     smallint         NOT NULL,
    avg_bpm     double precision NOT NULL,
    PRIMARY KEY (customer_id, minute)
) PARTITION BY RANGE (minute);

CREATE TABLE IF NOT EXISTS heartbeat_minutes_default PARTITION OF heartbeat_minutes DEFAULT;

CREATE INDEX IF NOT EXISTS heartbeat_minutes_minute ON heartbeat_minutes USING brin (minute);

-- Rows written per second and pipeline freshness on the dashboard read by write time.
CREATE INDEX IF NOT EXISTS heartbeats_ingested_brin ON heartbeats USING brin (ingested_at);
