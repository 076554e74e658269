-- The pipeline's three roles, least privilege. Idempotent; the migrate step runs it as the database's admin
-- after the migrations (V*.sql), on every run, so a changed name, password or grant takes effect. Not a
-- migration itself: it needs the settings below, and it is applied again each time rather than once.
--  - the job's writer: add rows and update the upserted ones, read what duplicate checks and upserts read;
--  - the dashboards' reader: read only what the panels show (no raw payloads of rejected messages);
--  - the notifier: its ledger (alert_notifications, notified_alerts), and reads customer_settings and alert_actions
--    (it reads alerts from Kafka, not the tables).
--  - the care console: read what its pages show, add alert actions and its own users and audit rows.
-- Names and passwords arrive as settings (set_config with parameters bound over JDBC on the same
-- connection), never spliced into this text: heartbeat.writer, heartbeat.writer_password,
-- heartbeat.reader, heartbeat.reader_password, heartbeat.notifier, heartbeat.notifier_password,
-- heartbeat.console, heartbeat.console_password. An empty
-- password leaves the role's password as it is (for trust or peer authentication).
DO $$
DECLARE
    writer          text := current_setting('heartbeat.writer');
    writer_password text := current_setting('heartbeat.writer_password');
    reader          text := current_setting('heartbeat.reader');
    reader_password text := current_setting('heartbeat.reader_password');
    notifier        text := current_setting('heartbeat.notifier');
    notifier_password text := current_setting('heartbeat.notifier_password');
    console         text := current_setting('heartbeat.console');
    console_password text := current_setting('heartbeat.console_password');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = writer) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', writer);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', reader);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = notifier) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', notifier);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = console) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', console);
    END IF;
    -- The pipeline never runs as an administrator: refuse rather than grant to (or demote) one.
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname IN (writer, reader, notifier, console)
               AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolname = current_user)) THEN
        RAISE EXCEPTION 'roles %, %, % and % must be ordinary roles: one is a superuser, may create roles or '
                        'databases, or is the admin running this', writer, reader, notifier, console
            USING HINT = 'Pick other names for the job''s user (HEARTBEAT_JDBC_USER), the dashboards'' reader '
                         '(GRAFANA_DB_USER), the notifier (HEARTBEAT_NOTIFY_DB_USER) and the console '
                         '(HEARTBEAT_CONSOLE_DB_USER).';
    END IF;
    IF notifier IN (writer, reader) THEN
        RAISE EXCEPTION 'the notifier''s role % must be a role of its own, not the job''s or the dashboards''',
                        notifier
            USING HINT = 'Set HEARTBEAT_NOTIFY_DB_USER to another name (default heartbeat_notifier).';
    END IF;
    IF console IN (writer, reader, notifier) THEN
        RAISE EXCEPTION 'the console''s role % must be a role of its own, not the job''s, the dashboards'' or the '
                        'notifier''s', console
            USING HINT = 'Set HEARTBEAT_CONSOLE_DB_USER to another name (default heartbeat_console).';
    END IF;
    IF writer_password <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', writer, writer_password);
    END IF;
    IF reader_password <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', reader, reader_password);
    END IF;
    IF notifier_password <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', notifier, notifier_password);
    END IF;
    IF console_password <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', console, console_password);
    END IF;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I, %I', current_database(), writer, reader, notifier,
                   console);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I, %I, %I, %I', writer, reader, notifier, console);
    -- Readings are stored by store_heartbeats (V11), which runs with the writer's rights: SELECT on heartbeats
    -- for the stored reading of a key, INSERT on heartbeats and rejected_heartbeats.
    -- Rights on a partitioned table cover its partitions when reached through it; the partitions
    -- themselves belong to the administrator, who alone creates and drops them.
    EXECUTE format('GRANT SELECT, INSERT ON heartbeats TO %I', writer);
    EXECUTE format('GRANT EXECUTE ON PROCEDURE store_heartbeats(text, uuid[], text[], bigint[], smallint[], text[], '
                   'boolean[], integer[], bigint[], text[]) TO %I', writer);
    -- ON CONFLICT (key) needs SELECT on the key columns.
    EXECUTE format('GRANT SELECT (kafka_topic, kafka_partition, kafka_offset, message_time), INSERT '
                   'ON rejected_heartbeats TO %I', writer);
    -- Upserts read the row they update (ON CONFLICT ... WHERE revision/readings).
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON alerts, heartbeat_minutes TO %I', writer);
    -- Per-customer settings: the current row is upserted, and deleted on a reset; history and rejections are
    -- added once (ON CONFLICT on the key needs SELECT).
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON customer_settings TO %I', writer);
    EXECUTE format('GRANT SELECT, INSERT ON customer_settings_history, rejected_settings TO %I', writer);
    -- The dashboards read what their panels need and nothing else: rejections only through the view
    -- without payloads. Everything else is revoked first, so an older grant (SELECT on all tables)
    -- does not survive an upgrade.
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', reader);
    EXECUTE format('GRANT SELECT ON heartbeats, heartbeat_minutes, alerts, latest_heartbeats, '
                   'rejected_heartbeat_reasons, customer_settings, customer_settings_history TO %I', reader);
    -- The notifier: add a row if absent (ON CONFLICT needs SELECT), claim a due row (FOR UPDATE needs UPDATE)
    -- and mark it delivered or failed. No DELETE: the ledger is also the record of who was told what and when.
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', notifier);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON alert_notifications, notified_alerts TO %I', notifier);
    -- Escalation reads whom to page (the customer's contacts, time zone, delays) and what people did.
    EXECUTE format('GRANT SELECT ON customer_settings, alert_actions TO %I', notifier);
    -- The care console: reads what its pages show (who was paged: the ledger), adds alert actions (append-only)
    -- and audit rows; UPDATE on its users only, for an admin's role change, disabling or new password.
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', console);
    EXECUTE format('GRANT SELECT ON alerts, heartbeat_minutes, customer_settings, alert_notifications TO %I', console);
    EXECUTE format('GRANT SELECT, INSERT ON alert_actions, console_audit TO %I', console);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON console_users TO %I', console);
END
$$;
