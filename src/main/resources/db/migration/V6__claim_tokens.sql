-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- The token of a running job's current claim (one per attempt, not per server): every write a worker makes for its
-- job is conditional on it, so a worker whose lease passed to another claim, even on the same server, writes nothing.
ALTER TABLE jobs ADD COLUMN claim_token UUID;
