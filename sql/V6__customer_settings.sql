-- Per-customer settings (the customer-settings topic, see README "Per-customer settings"), and the thresholds each
-- alert was judged by. Idempotent. Written by the job only; heartbeat-admin writes the topic, never these tables.

-- The settings each customer has now: the newest accepted message (it applies from applied_from). A customer
-- without a row is on the deployment's defaults; a reset (tombstone) deletes the row.
CREATE TABLE IF NOT EXISTS customer_settings (
    customer_id         text        PRIMARY KEY,
    version             bigint      NOT NULL,
    high_bpm            smallint,               -- null: the deployment's default
    low_bpm             smallint,
    profile             text        CHECK (profile IN ('WEARABLE', 'CLINICAL')),
    sustain_seconds     integer,
    exertion_sustain_seconds integer,
    paused_until        timestamptz,
    time_zone           text,                   -- IANA id, e.g. Europe/Berlin
    settings            jsonb       NOT NULL,   -- the message as accepted (contacts included)
    effective_at        timestamptz NOT NULL,   -- as asked: the message's effective_at, else its Kafka timestamp
    applied_from        timestamptz NOT NULL,   -- event time from which readings were judged by it
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Every accepted change, once: keyed by the message's place in the topic, since a reset carries no version and
-- versions may start again after one. A reset is a row with reset = true and no settings.
CREATE TABLE IF NOT EXISTS customer_settings_history (
    customer_id         text        NOT NULL,
    kafka_partition     integer     NOT NULL,
    kafka_offset        bigint      NOT NULL,
    version             bigint      NOT NULL,   -- 0 for a reset
    reset               boolean     NOT NULL,
    settings            jsonb,                  -- null for a reset
    effective_at        timestamptz NOT NULL,
    applied_from        timestamptz NOT NULL,
    message_time        timestamptz NOT NULL,   -- the Kafka record's timestamp: when it was sent
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, kafka_partition, kafka_offset)
);

CREATE INDEX IF NOT EXISTS customer_settings_history_applied
    ON customer_settings_history (customer_id, applied_from);

-- Settings messages not taken (the customer's previous settings stay): an operator's mistakes, kept apart from
-- rejected_heartbeats (device data, time-partitioned and expired with the readings; its dashboards count device
-- faults). Keyed by the message's place in the topic, so a replay stores it once.
CREATE TABLE IF NOT EXISTS rejected_settings (
    kafka_partition     integer     NOT NULL,
    kafka_offset        bigint      NOT NULL,
    customer_id         text,                   -- the record's key; null without one
    version             bigint,
    reason              text        NOT NULL,
    detail              text        NOT NULL,
    raw_payload         text        NOT NULL,   -- bounded, printable preview
    message_time        timestamptz NOT NULL,
    rejected_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kafka_partition, kafka_offset)
);

-- What each alert revision was judged by: the customer's thresholds or the deployment's, and the settings version
-- (null: the deployment's defaults). Null on alerts from before this file.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS high_bpm smallint;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS low_bpm smallint;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS settings_version bigint;
