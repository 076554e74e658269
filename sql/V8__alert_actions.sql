-- What people did with an alert in the care console: the audit trail of alert actions, and what the notifier
-- reads to stop escalating. Append-only. An action applies to the alert (all its revisions), not only to the
-- revision the person saw; that revision's severity is kept so that an escalation past it (HIGH to CRITICAL)
-- overrides a snooze or an acknowledgement.
CREATE TABLE IF NOT EXISTS alert_actions (
    action_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id        uuid        NOT NULL,
    revision        integer     NOT NULL,   -- the revision on screen when the person acted
    severity        text        NOT NULL CHECK (severity IN ('WARNING', 'HIGH', 'CRITICAL')),
    action          text        NOT NULL CHECK (action IN ('ACKNOWLEDGE', 'SNOOZE', 'RESOLVE', 'REOPEN')),
    snooze_until    timestamptz,            -- SNOOZE only
    actor           text        NOT NULL,   -- the console user's name
    note            text        NOT NULL DEFAULT '',
    acted_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((action = 'SNOOZE') = (snooze_until IS NOT NULL))
);

-- The newest action of an alert, which is what counts: the notifier and the console read it per alert.
CREATE INDEX IF NOT EXISTS alert_actions_by_alert ON alert_actions (alert_id, action_id DESC);
