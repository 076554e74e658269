-- store_heartbeats (V11) without a lookup per reading. Idempotent, like V1-V11.
--
-- V11 looked every key of a batch up before inserting, with a plain LEFT JOIN. PL/pgSQL caches a generic
-- plan after five calls and estimates an unnest of a parameter at 10 rows: on a day's partition still
-- empty at that moment the cheapest plan was a hash join over a sequential scan of every partition, and
-- without a new ANALYZE (a server without autovacuum, or any day's first minutes) the session kept it while
-- the partition grew, so each batch read the whole day so far (docs/development/benchmark.md). Now the
-- insert alone decides in the common case, and the rare lookup cannot become such a scan.

-- Stores one batch of readings: columns as arrays, one call per batch (the job's heartbeats sink).
-- Per key (event_time, event_id), the message that holds it is the stored reading, or else the batch's
-- first message with it; that one is stored. Any other message with the key becomes a rejection keyed by
-- its own coordinates, DUPLICATE_EVENT_ID when its reading is the same (customer and heart rate) and
-- CONFLICTING_EVENT_ID when it differs, naming the coordinates of the message that holds the key. A message
-- whose coordinates are the holder's is a replay of the stored one (a restart writes a batch again): skipped.
--
-- The insert goes first and looks nothing up: its ON CONFLICT DO NOTHING already checks each key in the
-- key's index, and the batch's messages go in their order, so of two with one key the first is stored. Only
-- when it stored fewer readings than the batch holds (a duplicate, a replay, a key another writer stored
-- meanwhile, together a few in a million) does a second statement look up who holds each key. It sees what
-- the first stored and what other sessions committed before it began (the insert waited for them), so every
-- message not stored finds its holder there.
CREATE OR REPLACE PROCEDURE store_heartbeats(
    topic        text,
    event_ids    uuid[],
    customer_ids text[],
    event_millis bigint[],
    heart_rates  smallint[],
    risk_levels  text[],
    lates        boolean[],
    partitions   integer[],
    offsets      bigint[],
    activities   text[])
LANGUAGE plpgsql AS $$
DECLARE
    stored bigint;
    lost   bigint;
BEGIN
    INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate, risk_level, late, kafka_topic,
                            kafka_partition, kafka_offset, activity)
    SELECT u.event_id, u.customer_id, timestamptz 'epoch' + u.millis * interval '1 millisecond', u.heart_rate,
           u.risk_level, u.late, topic, u.kafka_partition, u.kafka_offset, u.activity
    FROM unnest(event_ids, customer_ids, event_millis, heart_rates, risk_levels, lates, partitions, offsets,
                activities) WITH ORDINALITY
         AS u (event_id, customer_id, millis, heart_rate, risk_level, late, kafka_partition, kafka_offset,
               activity, n)
    ORDER BY u.n
    ON CONFLICT (event_time, event_id) DO NOTHING;
    GET DIAGNOSTICS stored = ROW_COUNT;
    IF stored = cardinality(event_ids) THEN
        RETURN;
    END IF;

    WITH judged AS (
        SELECT u.*, h.event_id IS NULL AS unheld, h.kafka_topic AS held_topic,
               h.kafka_partition AS held_partition, h.kafka_offset AS held_offset,
               h.customer_id AS held_customer, h.heart_rate AS held_rate
        FROM (SELECT v.event_id, v.customer_id, timestamptz 'epoch' + v.millis * interval '1 millisecond' AS event_time,
                     v.heart_rate, v.kafka_partition, v.kafka_offset
              FROM unnest(event_ids, customer_ids, event_millis, heart_rates, partitions, offsets)
                   AS v (event_id, customer_id, millis, heart_rate, kafka_partition, kafka_offset)) u
        -- One index probe per message, in its day's partition only (pruned as the probe runs). LIMIT keeps
        -- it a lateral subquery that PostgreSQL cannot turn into a hash join over every partition.
        LEFT JOIN LATERAL (SELECT k.event_id, k.kafka_topic, k.kafka_partition, k.kafka_offset, k.customer_id,
                                  k.heart_rate
                           FROM heartbeats k
                           WHERE k.event_time = u.event_time AND k.event_id = u.event_id
                           LIMIT 1) h ON true
    ),
    rejected AS (
        INSERT INTO rejected_heartbeats
            (kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload, payload_bytes, received_at,
             message_time)
        SELECT topic, j.kafka_partition, j.kafka_offset,
               CASE WHEN j.same THEN 'DUPLICATE_EVENT_ID' ELSE 'CONFLICTING_EVENT_ID' END,
               format('event_id %s is already stored from %s partition %s offset %s%s', j.event_id,
                      coalesce(j.held_topic, '?'), j.held_partition, j.held_offset,
                      CASE WHEN j.same THEN ' with the same reading'
                           ELSE format(' as customer_id %s, timestamp %s, heart_rate %s', j.held_customer,
                                       to_json(j.event_time) #>> '{}', j.held_rate) END),
               -- The raw bytes are not kept past parsing; this is the reading as parsed (see payload_bytes).
               -- Its own timestamp is the message time: as deterministic as the record's, so a replay of
               -- this rejection conflicts with it.
               j.reading, octet_length(j.reading), now(), j.event_time
        FROM (SELECT judged.*,
                     (held_customer, held_rate) = (customer_id, heart_rate) AS same,
                     json_build_object('event_id', event_id, 'customer_id', customer_id, 'timestamp', event_time,
                                       'heart_rate', heart_rate)::text AS reading
              FROM judged
              WHERE NOT unheld
                AND (held_topic, held_partition, held_offset) IS DISTINCT FROM (topic, kafka_partition, kafka_offset)
             ) j
        ON CONFLICT (kafka_topic, kafka_partition, kafka_offset, message_time) DO NOTHING
    )
    SELECT count(*) FILTER (WHERE unheld) INTO lost FROM judged;
    -- A message whose key nobody holds was neither stored nor can be rejected against anyone (the other
    -- writer's row is gone again): undo the batch; the connector retries it.
    IF lost > 0 THEN
        RAISE EXCEPTION '% of % readings in this batch were neither stored nor held by another message', lost,
            cardinality(event_ids)
            USING ERRCODE = 'serialization_failure', HINT = 'The sink retries the batch.';
    END IF;
END
$$;

REVOKE ALL ON PROCEDURE store_heartbeats(text, uuid[], text[], bigint[], smallint[], text[], boolean[], integer[],
                                         bigint[], text[]) FROM PUBLIC;
