-- A second message with an event_id that is already stored must not vanish: it becomes a rejection
-- (DUPLICATE_EVENT_ID when its reading is identical, CONFLICTING_EVENT_ID when it differs), keyed by
-- its own Kafka coordinates. The same message replayed after a restart (same coordinates) is the
-- stored reading itself and is skipped. Idempotent.

-- Which topic a reading came from: with partition and offset, the message it was parsed from.
ALTER TABLE heartbeats ADD COLUMN IF NOT EXISTS kafka_topic text;

CREATE OR REPLACE FUNCTION heartbeats_reject_duplicate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    stored  heartbeats%ROWTYPE;
    reading text;
BEGIN
    -- A row-level BEFORE trigger sees rows inserted earlier by the same statement and transaction,
    -- so duplicates inside one batch are caught too.
    SELECT * INTO stored FROM heartbeats WHERE event_id = NEW.event_id;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF stored.kafka_topic IS NOT DISTINCT FROM NEW.kafka_topic
            AND stored.kafka_partition = NEW.kafka_partition AND stored.kafka_offset = NEW.kafka_offset THEN
        RETURN NULL; -- a replay of the stored message
    END IF;
    reading := json_build_object('event_id', NEW.event_id, 'customer_id', NEW.customer_id,
                                 'timestamp', NEW.event_time, 'heart_rate', NEW.heart_rate)::text;
    INSERT INTO rejected_heartbeats
        (kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload, payload_bytes, received_at)
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
        reading, octet_length(reading), now())
    ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER heartbeats_reject_duplicate BEFORE INSERT ON heartbeats
    FOR EACH ROW EXECUTE FUNCTION heartbeats_reject_duplicate();
