-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- A scoring of a dataset's rows (dev.descent.scoring): its request, the ordinary jobs that train its k models
-- (job_ids, comma-separated, in seed order), where it stands, and once it has succeeded every row's score
-- (float64, big-endian, in row order). The jobs hold the training state; this row holds only what the scoring adds.
CREATE TABLE scorings (
    id           UUID          PRIMARY KEY,
    dataset_id   VARCHAR(64)   NOT NULL,
    method       VARCHAR(20)   NOT NULL,
    request      VARCHAR(1048576) NOT NULL,
    job_ids      VARCHAR(4000) NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    row_count    INTEGER,
    scores       BYTEA,
    error        VARCHAR(4000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    created_by   VARCHAR(100)  NOT NULL
);
CREATE INDEX scorings_status ON scorings (status);
CREATE INDEX scorings_created_by ON scorings (created_by, status);
-- The row a scoring locks before it counts its user's running scorings and inserts its own (see ScoringService).
INSERT INTO admission_locks (name) VALUES ('scorings');
