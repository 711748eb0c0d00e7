-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- A job may be a trial of a sweep: the sweep it belongs to and its number there (both null for a single job).
-- The claim query orders by the sweep too, so one user's sweep takes its turn with that user's single jobs.
ALTER TABLE jobs ADD COLUMN sweep_id UUID;
ALTER TABLE jobs ADD COLUMN trial_number INT;
CREATE INDEX jobs_sweep ON jobs (sweep_id, trial_number);
