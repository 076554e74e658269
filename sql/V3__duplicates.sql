-- A second message with an event_id that is already stored must not vanish: it becomes a rejection
-- (DUPLICATE_EVENT_ID when its reading is identical, CONFLICTING_EVENT_ID when it differs), keyed by
-- its own Kafka coordinates. The same message replayed after a restart (same coordinates) is the
-- stored reading itself and is skipped. Idempotent.

-- Which topic a reading came from: with partition and offset, the message it was parsed from.
ALTER TABLE heartbeats ADD COLUMN IF NOT EXISTS kafka_topic text;

-- Every stored event_id, once, with its reading's time. heartbeats is partitioned by time, so its key
-- is (event_id, event_time) and finding an event_id without its time would search every day; this
-- unpartitioned table answers in one index lookup, and its key makes an event_id unique across all
-- days (a second writer of the same new event_id waits for the first and then sees it). Rows leave
-- with their readings (heartbeat_maintenance).
CREATE TABLE IF NOT EXISTS heartbeat_event_ids (
    event_id   uuid        PRIMARY KEY,
    event_time timestamptz NOT NULL
);

-- Expiry deletes by time; rows arrive in about event-time order, so a BRIN index is enough.
CREATE INDEX IF NOT EXISTS heartbeat_event_ids_time ON heartbeat_event_ids USING brin (event_time);

CREATE OR REPLACE FUNCTION heartbeats_reject_duplicate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    stored      heartbeats%ROWTYPE;
    stored_time timestamptz;
    reading     text;
BEGIN
    -- A row-level BEFORE trigger sees rows inserted earlier by the same statement and transaction,
    -- so duplicates inside one batch are caught too.
    INSERT INTO heartbeat_event_ids (event_id, event_time) VALUES (NEW.event_id, NEW.event_time)
    ON CONFLICT (event_id) DO NOTHING;
    IF FOUND THEN
        RETURN NEW; -- a new event_id
    END IF;
    SELECT event_time INTO stored_time FROM heartbeat_event_ids WHERE event_id = NEW.event_id;
    SELECT * INTO stored FROM heartbeats WHERE event_id = NEW.event_id AND event_time = stored_time;
    IF NOT FOUND THEN
        -- Its reading has expired (or was deleted): the event_id is free again.
        UPDATE heartbeat_event_ids SET event_time = NEW.event_time WHERE event_id = NEW.event_id;
        RETURN NEW;
    END IF;
    IF stored.kafka_topic IS NOT DISTINCT FROM NEW.kafka_topic
            AND stored.kafka_partition = NEW.kafka_partition AND stored.kafka_offset = NEW.kafka_offset THEN
        RETURN NULL; -- a replay of the stored message
    END IF;
    reading := json_build_object('event_id', NEW.event_id, 'customer_id', NEW.customer_id,
                                 'timestamp', NEW.event_time, 'heart_rate', NEW.heart_rate)::text;
    INSERT INTO rejected_heartbeats
        (kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload, payload_bytes, received_at,
         message_time)
    VALUES (
        coalesce(NEW.kafka_topic, ''), NEW.kafka_partition, NEW.kafka_offset,
        CASE WHEN (stored.customer_id, stored.event_time, stored.heart_rate)
                  = (NEW.customer_id, NEW.event_time, NEW.heart_rate)
             THEN 'DUPLICATE_EVENT_ID' ELSE 'CONFLICTING_EVENT_ID' END,
        format('event_id %s is already stored from %s partition %s offset %s%s', NEW.event_id,
               coalesce(stored.kafka_topic, '?'), stored.kafka_partition, stored.kafka_offset,
               CASE WHEN (stored.customer_id, stored.event_time, stored.heart_rate)
                         = (NEW.customer_id, NEW.event_time, NEW.heart_rate)
                    THEN ' with the same reading'
                    ELSE format(' as customer_id %s, timestamp %s, heart_rate %s', stored.customer_id,
                                to_json(stored.event_time) #>> '{}', stored.heart_rate) END),
        -- The raw bytes are not kept past parsing; this is the reading as parsed (see payload_bytes).
        -- The record's timestamp does not reach the database with a reading; the reading's own
        -- timestamp is as deterministic, so a replay of this rejection conflicts with it.
        reading, octet_length(reading), now(), NEW.event_time)
    ON CONFLICT (kafka_topic, kafka_partition, kafka_offset, message_time) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER heartbeats_reject_duplicate BEFORE INSERT ON heartbeats
    FOR EACH ROW EXECUTE FUNCTION heartbeats_reject_duplicate();
