-- The duplicate check per batch instead of per row, with a key that does not grow with history.
-- Idempotent, like V1-V10.
--
-- Before: a row trigger on every stored reading inserted its event_id into heartbeat_event_ids, one
-- unpartitioned B-tree on a random UUID over the whole retention period (at 1 M customers ~17 billion
-- new rows a day, each on a random page of an index that no longer fits in memory).
-- Now: heartbeats' key is (event_time, event_id), partition-local and nearly append-only (readings arrive
-- in about event-time order), and the job writes each batch with one call of store_heartbeats below.
-- The same event_id with the same timestamp, from another message, is a rejection at any age within the
-- retention; the same event_id with another timestamp is caught by the job within its event-id horizon
-- (docs/concepts/guarantees.md).

-- The key, rebuilt once on each partition (an upgrade rebuilds it over the days it holds: see
-- docs/operations/upgrades.md).
DO $$
BEGIN
    IF pg_get_constraintdef((SELECT oid FROM pg_constraint
                             WHERE conrelid = 'heartbeats'::regclass AND contype = 'p'))
            IS DISTINCT FROM 'PRIMARY KEY (event_time, event_id)' THEN
        ALTER TABLE heartbeats DROP CONSTRAINT IF EXISTS heartbeats_pkey;
        ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_pkey PRIMARY KEY (event_time, event_id);
    END IF;
END
$$;

DROP TRIGGER IF EXISTS heartbeats_reject_duplicate ON heartbeats;
DROP FUNCTION IF EXISTS heartbeats_reject_duplicate();
DROP TABLE IF EXISTS heartbeat_event_ids;

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
        LEFT JOIN heartbeats h ON h.event_time = b.event_time AND h.event_id = b.event_id
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

-- The maintenance of V4__partitions.sql without heartbeat_event_ids, which no longer exists.
CREATE OR REPLACE FUNCTION heartbeat_maintenance(at timestamptz DEFAULT now()) RETURNS SETOF text
LANGUAGE plpgsql
SET lock_timeout = '30s'
AS $$
DECLARE
    t            record;
    part         record;
    step         interval;
    now_utc      timestamp := at AT TIME ZONE 'UTC';
    expired_utc  timestamp;
    day_utc      timestamp;
    last_utc     timestamp;
    lo           timestamptz;
    hi           timestamptz;
    name         text;
    fallback     text;
    found_rows   boolean;
    n            bigint;
BEGIN
    FOR t IN SELECT p.tbl, p.col, p.unit, p.fmt, r.keep, r.create_ahead
             FROM (VALUES ('heartbeats', 'event_time', 'day', 'YYYYMMDD'),
                          ('rejected_heartbeats', 'message_time', 'day', 'YYYYMMDD'),
                          ('heartbeat_minutes', 'minute', 'month', 'YYYYMM')) AS p (tbl, col, unit, fmt)
             JOIN heartbeat_retention r ON r.table_name = p.tbl
             ORDER BY p.tbl
    LOOP
        step := ('1 ' || t.unit)::interval;
        fallback := t.tbl || '_default';
        expired_utc := CASE WHEN t.keep IS NULL THEN NULL ELSE date_trunc(t.unit, now_utc - t.keep) END;

        IF expired_utc IS NOT NULL THEN
            FOR part IN
                SELECT c.relname, (regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                                'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = t.tbl::regclass
                ORDER BY 2
            LOOP
                CONTINUE WHEN part.upper_bound IS NULL; -- the default partition
                EXIT WHEN part.upper_bound > expired_utc AT TIME ZONE 'UTC';
                EXECUTE format('DROP TABLE %I', part.relname);
                RETURN NEXT format('dropped %s', part.relname);
            END LOOP;
            EXECUTE format('DELETE FROM %I WHERE %I < $1', fallback, t.col) USING expired_utc AT TIME ZONE 'UTC';
            GET DIAGNOSTICS n = ROW_COUNT;
            IF n > 0 THEN
                RETURN NEXT format('deleted %s expired rows from %s', n, fallback);
            END IF;
        END IF;

        day_utc := coalesce(expired_utc, date_trunc(t.unit, now_utc));
        last_utc := date_trunc(t.unit, now_utc + t.create_ahead);
        WHILE day_utc <= last_utc LOOP
            name := t.tbl || '_p' || to_char(day_utc, t.fmt);
            lo := day_utc AT TIME ZONE 'UTC';
            hi := (day_utc + step) AT TIME ZONE 'UTC';
            IF to_regclass(name) IS NULL THEN
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)', fallback, t.col, t.col)
                    INTO found_rows USING lo, hi;
                IF NOT found_rows THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, t.tbl, lo, hi);
                    RETURN NEXT format('created %s', name);
                ELSE
                    -- The default partition holds rows of this day: move them into the new table, then attach it.
                    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, t.tbl);
                    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) '
                                   'INSERT INTO %I SELECT * FROM moved', fallback, t.col, t.col, name)
                        USING lo, hi;
                    GET DIAGNOSTICS n = ROW_COUNT;
                    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', t.tbl, name, lo, hi);
                    RETURN NEXT format('created %s with %s rows from %s', name, n, fallback);
                END IF;
            END IF;
            day_utc := day_utc + step;
        END LOOP;
    END LOOP;

    SELECT keep INTO t FROM heartbeat_retention WHERE table_name = 'alerts';
    IF t.keep IS NOT NULL THEN
        DELETE FROM alerts WHERE ended_at < at - t.keep;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            RETURN NEXT format('deleted %s alerts', n);
        END IF;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION heartbeat_maintenance(timestamptz) FROM PUBLIC;
