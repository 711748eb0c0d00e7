-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- The steps a job will take in all (epochs × batches per epoch), known once its data is prepared: progress and ETA
-- within an epoch, for every server that reads the row.
ALTER TABLE jobs ADD COLUMN total_steps BIGINT;
