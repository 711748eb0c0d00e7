-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- How many times a job's lease lapsed while it ran (its server stopped without returning it), so that a job that
-- crashes every server that runs it is failed instead of queued again for ever.
ALTER TABLE jobs ADD COLUMN lost_leases INTEGER NOT NULL DEFAULT 0;
