-- Time partitions and retention. Idempotent.
--   heartbeats            by day of event_time      kept 30 days,  days created 7 days ahead
--   rejected_heartbeats   by day of message_time    kept 30 days,  days created 7 days ahead
--   heartbeat_minutes     by month of minute        kept 400 days, months created 2 months ahead
--   alerts                not partitioned           kept (a few rows per customer and day)
-- heartbeat_maintenance() creates the partitions ahead and drops the expired ones; the run command
-- calls it every hour, compose's partition-maintenance service too, this migration once, and the
-- migrate step at the end of every run. Partitions hold whole UTC days (months); each table's default
-- partition takes whatever no partition does, so an insert never fails.

-- How long each table keeps its rows (null: for ever) and how far ahead partitions are created.
-- Change with e.g. UPDATE heartbeat_retention SET keep = interval '90 days' WHERE table_name = 'heartbeats';
-- the next maintenance applies it. Running this file again (a baselined database) keeps what was set.
CREATE TABLE IF NOT EXISTS heartbeat_retention (
    table_name   text     PRIMARY KEY
                          CHECK (table_name IN ('heartbeats', 'rejected_heartbeats', 'heartbeat_minutes', 'alerts')),
    keep         interval CHECK (keep > interval '0'),
    create_ahead interval NOT NULL DEFAULT interval '0' CHECK (create_ahead >= interval '0')
);

INSERT INTO heartbeat_retention (table_name, keep, create_ahead) VALUES
    ('heartbeats',          interval '30 days',  interval '7 days'),
    ('rejected_heartbeats', interval '30 days',  interval '7 days'),
    ('heartbeat_minutes',   interval '400 days', interval '2 months'),
    ('alerts',              NULL,                interval '0')
ON CONFLICT (table_name) DO NOTHING;

-- One run of the maintenance, as if the time were "at" (tests pass a fake one). Per partitioned table:
--  1. expired = everything before the start of the day (month) that holds at - keep: its partitions
--     are dropped, its rows in the default partition deleted (and the event_ids of expired readings);
--  2. every day (month) from there to at + create_ahead gets its partition, rows the default partition
--     already holds for it moved in. No partition is ever created before the expiry bound, so a reading
--     older than the retention lands in the default partition and leaves with the next run.
-- alerts: closed alerts that ended before at - keep are deleted (none by default).
-- Returns one line per action. Runs as the tables' owner; nobody else may execute it.
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
            IF t.tbl = 'heartbeats' THEN
                DELETE FROM heartbeat_event_ids WHERE event_time < expired_utc AT TIME ZONE 'UTC';
                GET DIAGNOSTICS n = ROW_COUNT;
                IF n > 0 THEN
                    RETURN NEXT format('deleted %s expired event_ids', n);
                END IF;
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

-- A database from before partitioning (V1 and V2 set its tables aside): partitions for the
-- retention period first, then every row copied over (the duplicate check's trigger records the
-- event_ids), then the old tables dropped. Rejections get their received_at as message_time.
DO $$
BEGIN
    IF to_regclass('heartbeats_unpartitioned') IS NULL AND to_regclass('rejected_heartbeats_unpartitioned') IS NULL
            AND to_regclass('heartbeat_minutes_unpartitioned') IS NULL THEN
        RETURN;
    END IF;
    PERFORM heartbeat_maintenance();
    IF to_regclass('heartbeats_unpartitioned') IS NOT NULL THEN
        INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate, risk_level, kafka_partition,
                                kafka_offset, ingested_at, late, kafka_topic)
        SELECT event_id, customer_id, event_time, heart_rate, risk_level, kafka_partition,
               kafka_offset, ingested_at, late, kafka_topic
        FROM heartbeats_unpartitioned ORDER BY event_time;
        DROP TABLE heartbeats_unpartitioned;
    END IF;
    IF to_regclass('rejected_heartbeats_unpartitioned') IS NOT NULL THEN
        INSERT INTO rejected_heartbeats (kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload,
                                         payload_bytes, received_at, stored_at, message_time)
        SELECT kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload,
               payload_bytes, received_at, stored_at, received_at
        FROM rejected_heartbeats_unpartitioned
        ON CONFLICT DO NOTHING;
        DROP TABLE rejected_heartbeats_unpartitioned;
    END IF;
    IF to_regclass('heartbeat_minutes_unpartitioned') IS NOT NULL THEN
        INSERT INTO heartbeat_minutes SELECT customer_id, minute, readings, min_bpm, max_bpm, avg_bpm
        FROM heartbeat_minutes_unpartitioned;
        DROP TABLE heartbeat_minutes_unpartitioned;
    END IF;
END
$$;

SELECT count(*) AS actions FROM heartbeat_maintenance();
