-- The notifier's ledger: one row per alert revision a person must be told about, per contact point. Idempotent.
-- The primary key is what makes a notification happen once: the job publishes a revision at least once (twice
-- after a restart from a checkpoint), the notifier inserts it only if absent, delivers it, and marks it delivered.
CREATE TABLE IF NOT EXISTS alert_notifications (
    alert_id        uuid        NOT NULL,
    revision        integer     NOT NULL,
    contact_point   text        NOT NULL,   -- 'webhook' or 'slack': the name, never the URL (a secret)
    kind            text        NOT NULL CHECK (kind IN ('NEW', 'ESCALATED')),
    alert           jsonb       NOT NULL,   -- the revision as the topic carried it: what is sent, also after a restart
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,                   -- why the latest attempt failed; null once delivered
    enqueued_at     timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    PRIMARY KEY (alert_id, revision, contact_point)
);

-- What the notifier looks for every second: due rows that are not delivered yet. Delivered rows (nearly all)
-- stay out of the index.
CREATE INDEX IF NOT EXISTS alert_notifications_pending
    ON alert_notifications (next_attempt_at) WHERE state = 'pending';
