-- The care console's own tables (console/): who may sign in, and the audit of what people did there besides
-- alert actions (those are alert_actions, V8). Idempotent. V9 is the notifier's escalation.

-- The console's users. Passwords only as Spring Security's encoded hash ({bcrypt}...), never in clear. A user is
-- disabled rather than deleted, so the audit keeps naming someone who existed.
CREATE TABLE IF NOT EXISTS console_users (
    username        text        PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
    password_hash   text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('VIEWER', 'CARER', 'ADMIN')),
    enabled         boolean     NOT NULL DEFAULT true,
    created_by      text        NOT NULL,   -- an admin's name, or 'environment' for the first admin
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Append-only: sign-ins (and refused ones), settings sent, users created or changed. The console's role may add
-- rows and read them, never change or delete one.
CREATE TABLE IF NOT EXISTS console_audit (
    audit_id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor           text        NOT NULL,   -- the user's name (as typed, for a refused sign-in)
    action          text        NOT NULL CHECK (action IN ('SIGN_IN', 'SIGN_IN_REFUSED', 'SIGN_OUT',
                                                           'SETTINGS_SENT', 'USER_CREATED', 'USER_CHANGED')),
    subject         text,                   -- the customer or user acted on; null for sign-ins
    detail          text        NOT NULL DEFAULT '',
    remote_address  text,
    acted_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS console_audit_by_time ON console_audit (acted_at DESC);
