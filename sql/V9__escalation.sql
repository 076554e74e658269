-- Escalation, all clear and morning notices in the notifier's ledger (docs/operations/notifications.md). Idempotent.
-- The ledger's row becomes one per (alert, revision, contact, step): step 0 is the first page (the deployment's
-- contact points, or the customer's first contact), step k the k-th escalation, to the customer's contact k+1.
-- Rows from before this file are step 0 rows of the deployment's contact points: their key, state and kind stay
-- valid, so what was delivered stays delivered exactly once.

ALTER TABLE alert_notifications ADD COLUMN IF NOT EXISTS step integer NOT NULL DEFAULT 0 CHECK (step >= 0);
-- The customer's contact (URL or e-mail address) as it was when the row was written: the settings may change
-- while the row waits. Null for the deployment's contact points, whose URL stays in the notifier's environment.
ALTER TABLE alert_notifications ADD COLUMN IF NOT EXISTS target text;
-- The alert action (alert_actions.action_id) that holds an escalation back: a newer action of the alert (a
-- REOPEN, or an action on a lower severity) lets the notifier judge the row again.
ALTER TABLE alert_notifications ADD COLUMN IF NOT EXISTS held_by_action bigint;
-- When the row first fell due (next_attempt_at moves with each retry and snooze): how long a delivery stalls is
-- measured from here. Rows from before this file count from the upgrade.
ALTER TABLE alert_notifications ADD COLUMN IF NOT EXISTS due_at timestamptz NOT NULL DEFAULT now();
-- When the row reached its final state without a delivery (held, cancelled or failed), for the record.
ALTER TABLE alert_notifications ADD COLUMN IF NOT EXISTS settled_at timestamptz;

-- ALL_CLEAR: the alert ended, to every contact paged for it; NOTICE: a WARNING (e.g. SIGNAL_LOST), delivered in
-- the customer's daytime. held: an acknowledgement, resolution or snooze stopped this escalation; cancelled: no
-- longer due (a newer revision or the end of the alert superseded it); failed: it can never be delivered (e.g.
-- an e-mail contact, which this notifier cannot send), with the reason in last_error.
ALTER TABLE alert_notifications DROP CONSTRAINT IF EXISTS alert_notifications_kind_check;
ALTER TABLE alert_notifications ADD CONSTRAINT alert_notifications_kind_check
    CHECK (kind IN ('NEW', 'ESCALATED', 'ALL_CLEAR', 'NOTICE'));
ALTER TABLE alert_notifications DROP CONSTRAINT IF EXISTS alert_notifications_state_check;
ALTER TABLE alert_notifications ADD CONSTRAINT alert_notifications_state_check
    CHECK (state IN ('pending', 'delivered', 'held', 'cancelled', 'failed'));

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = 'alert_notifications'::regclass AND c.contype = 'p' AND a.attname = 'step'
    ) THEN
        ALTER TABLE alert_notifications DROP CONSTRAINT IF EXISTS alert_notifications_pkey;
        ALTER TABLE alert_notifications ADD CONSTRAINT alert_notifications_pkey
            PRIMARY KEY (alert_id, revision, contact_point, step);
    END IF;
END
$$;

-- Each destination (a deployment contact point's name, or a customer's target) has its own worker, which looks
-- for its due rows every second; held rows are looked at again when a newer action arrives.
CREATE INDEX IF NOT EXISTS alert_notifications_due
    ON alert_notifications ((coalesce(target, contact_point)), next_attempt_at) WHERE state IN ('pending', 'held');
-- The all clear goes to the contacts delivered to for the alert.
CREATE INDEX IF NOT EXISTS alert_notifications_by_alert ON alert_notifications (alert_id);

-- The newest revision the notifier has read of each alert: an escalation of an older revision is cancelled, one
-- of an alert that ended is cancelled, and a page delivered after the end is followed by its all clear.
CREATE TABLE IF NOT EXISTS notified_alerts (
    alert_id        uuid        PRIMARY KEY,
    customer_id     text        NOT NULL,
    revision        integer     NOT NULL,
    status          text        NOT NULL,   -- OPEN, CLOSED or EXPIRED, as on the topic
    severity        text        NOT NULL,
    alert           jsonb       NOT NULL,   -- that revision as the topic carried it: the body of its all clear
    updated_at      timestamptz NOT NULL DEFAULT now()
);
