-- store_heartbeats (V11) with a plan that cannot scan whole partitions. Idempotent, like V1-V11.
--
-- V11 looked the batch's keys up with a plain LEFT JOIN. PL/pgSQL caches a generic plan after five calls,
-- and it estimates an unnest of a parameter at 10 rows: on a day's partition still empty at that moment the
-- cheapest plan was a hash join over a sequential scan of every partition, and without a new ANALYZE (a
-- server without autovacuum, or a day's first minutes) the session kept it while the partition grew. Each
-- batch then read the whole day so far: at 5,000 readings/s PostgreSQL's CPU per reading tripled within
-- four minutes (docs/development/benchmark.md). Only the lookup changes.

-- Stores one batch of readings: columns as arrays, one call per batch (the job's heartbeats sink).
-- Per key (event_time, event_id), the message that holds it is the stored reading, or else the batch's
-- first message with it; that one is stored. Any other message with the key becomes a rejection keyed by
-- its own coordinates, DUPLICATE_EVENT_ID when its reading is the same (customer and heart rate) and
-- CONFLICTING_EVENT_ID when it differs, naming the coordinates of the message that holds the key. A message
-- whose coordinates are the holder's is a replay of the stored one (a restart writes a batch again): skipped.
-- Nothing per row runs in PL/pgSQL: two set-based inserts in one statement.
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
    holders bigint;
    stored  bigint;
BEGIN
    WITH batch AS (
        SELECT b.*,
               first_value(b.n) OVER same_key               AS first_n,
               first_value(b.customer_id) OVER same_key     AS first_customer,
               first_value(b.heart_rate) OVER same_key      AS first_rate,
               first_value(b.kafka_partition) OVER same_key AS first_partition,
               first_value(b.kafka_offset) OVER same_key    AS first_offset
        FROM (SELECT u.event_id, u.customer_id, timestamptz 'epoch' + u.millis * interval '1 millisecond' AS event_time,
                     u.heart_rate, u.risk_level, u.late, u.kafka_partition, u.kafka_offset, u.activity, u.n
              FROM unnest(event_ids, customer_ids, event_millis, heart_rates, risk_levels, lates, partitions,
                          offsets, activities) WITH ORDINALITY
                   AS u (event_id, customer_id, millis, heart_rate, risk_level, late, kafka_partition,
                         kafka_offset, activity, n)) b
        WINDOW same_key AS (PARTITION BY b.event_time, b.event_id ORDER BY b.n)
    ),
    judged AS (
        SELECT b.*,
               h.event_id IS NULL AND b.n = b.first_n                          AS holds,
               CASE WHEN h.event_id IS NULL THEN topic ELSE h.kafka_topic END  AS held_topic,
               coalesce(h.kafka_partition, b.first_partition)                  AS held_partition,
               coalesce(h.kafka_offset, b.first_offset)                        AS held_offset,
               coalesce(h.customer_id, b.first_customer)                       AS held_customer,
               coalesce(h.heart_rate, b.first_rate)                            AS held_rate
        FROM batch b
        -- One probe of the key per reading, in the partition of its time only (pruned as the probe runs).
        -- LIMIT keeps this a lateral subquery: PostgreSQL never turns it into a hash join over every
        -- partition, the plan PL/pgSQL cached for a batch it estimated at 10 rows (unnest of a parameter)
        -- on a day's partition still empty, then kept while that partition grew to millions of rows.
        LEFT JOIN LATERAL (SELECT k.event_id, k.kafka_topic, k.kafka_partition, k.kafka_offset, k.customer_id,
                                  k.heart_rate
                           FROM heartbeats k
                           WHERE k.event_time = b.event_time AND k.event_id = b.event_id
                           LIMIT 1) h ON true
    ),
    inserted AS (
        INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate, risk_level, late, kafka_topic,
                                kafka_partition, kafka_offset, activity)
        SELECT event_id, customer_id, event_time, heart_rate, risk_level, late, topic, kafka_partition,
               kafka_offset, activity
        FROM judged WHERE holds
        ON CONFLICT (event_time, event_id) DO NOTHING
        RETURNING 1
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
              WHERE NOT holds
                AND (held_topic, held_partition, held_offset) IS DISTINCT FROM (topic, kafka_partition, kafka_offset)
             ) j
        ON CONFLICT (kafka_topic, kafka_partition, kafka_offset, message_time) DO NOTHING
    )
    SELECT count(*) FILTER (WHERE holds), (SELECT count(*) FROM inserted) INTO holders, stored FROM judged;
    -- A key another session stored after this statement began (the same event_id and time from another
    -- customer, written by another sink subtask): ON CONFLICT skipped it, and this statement cannot see whose
    -- it is. Undo the batch; the connector's retry sees the other row and rejects this message against it.
    IF stored < holders THEN
        RAISE EXCEPTION '% of % readings in this batch were stored by a concurrent writer first', holders - stored,
            holders
            USING ERRCODE = 'serialization_failure', HINT = 'The sink retries the batch.';
    END IF;
END
$$;

REVOKE ALL ON PROCEDURE store_heartbeats(text, uuid[], text[], bigint[], smallint[], text[], boolean[], integer[],
                                         bigint[], text[]) FROM PUBLIC;
