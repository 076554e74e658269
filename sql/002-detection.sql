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

-- Per customer and event-time minute: what dashboards read for long ranges instead of raw readings.
CREATE TABLE IF NOT EXISTS heartbeat_minutes (
    customer_id text             NOT NULL,
    minute      timestamptz      NOT NULL,
    readings    integer          NOT NULL,
    min_bpm     smallint         NOT NULL,
    max_bpm     smallint         NOT NULL,
    avg_bpm     double precision NOT NULL,
    PRIMARY KEY (customer_id, minute)
);

CREATE INDEX IF NOT EXISTS heartbeat_minutes_minute ON heartbeat_minutes USING brin (minute);

-- Rows written per second and pipeline freshness on the dashboard read by write time.
CREATE INDEX IF NOT EXISTS heartbeats_ingested_brin ON heartbeats USING brin (ingested_at);
