-- What the wearer was doing, when the device says: the optional "activity" of the event contract
-- ('rest', 'active', 'sleep'); null when unknown. Detection uses it in place of guessing exercise from
-- the shape of a rise. Idempotent; nullable, so rows written before it and by devices without it stay valid.
ALTER TABLE heartbeats ADD COLUMN IF NOT EXISTS activity text CHECK (activity IN ('rest', 'active', 'sleep'));
